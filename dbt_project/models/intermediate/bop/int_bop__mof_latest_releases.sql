-- The Ministry of Finance's calendar- and fiscal-year figures (table s-1): the newest release's figure of each item and
-- year, with the release's own status; US dollars at the mean of the year's Federal Reserve monthly rates.
with latest as (
    {{ latest_published_figure(ref('stg_mof__bop_summary_annual'), 'bop_item_code') }}
)

select
    latest.bop_item_code,
    latest.period_start,
    latest.period_end,
    latest.frequency,
    latest.value_jpy_100m,
    latest.value_jpy_100m * 1e8 / fx.jpy_per_usd as value_usd,
    case when fx.jpy_per_usd is not null then fx.fx_basis end as fx_basis,
    'mof' as source,
    'table s-1' as source_series_code,
    'reported' as derivation,
    latest.vintage,
    latest.retrieved_at,
    latest.source_url,
    latest.payload_sha256,
    latest.release_status
from latest
left join {{ ref('int_fx__jpy_per_usd_by_year') }} as fx
    on fx.frequency = latest.frequency and fx.period_start = latest.period_start
