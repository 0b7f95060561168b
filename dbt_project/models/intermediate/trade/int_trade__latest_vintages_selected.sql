-- The latest vintage of each figure of the international sources, in US dollars: UN Comtrade (HS detail, either
-- side's report) and the IMF's IMTS (Japan's totals by partner), per source (reporter, partner, HS code, flow, period).
with unioned as (
    -- The IMTS staging model has the Comtrade model's columns in the same order, led by `source`.
    select 'comtrade' as source, {{ star_except(['is_reported']) }} from {{ ref('stg_comtrade__goods') }}
    union all
    select * from {{ ref('stg_imf__imts_annual') }}
)

-- period_start, which period_label already fixes, is in the partition so that a filter on it (a run for some years,
-- macros/refreshed_years.sql) is applied before the window rather than after it over every year.
select *
from unioned
{{ newest_vintage(
    ['source', 'frequency', 'period_label', 'period_start', 'reporter_iso3', 'partner_iso3', 'hs_code', 'flow']
) }}
