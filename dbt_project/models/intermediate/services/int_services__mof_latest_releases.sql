-- The Ministry of Finance's services by category (table s-2), calendar and fiscal years: the newest release's figure
-- of each category and year, with the release's own status; US dollars at the mean of the year's Fed monthly rates.
with latest as (
    {{ latest_published_figure(ref('stg_mof__services_annual'), 'ebops_code') }}
)

select
    latest.ebops_code,
    latest.period_start,
    latest.period_end,
    latest.frequency,
    latest.net_jpy_100m,
    latest.net_jpy_100m * 1e8 / fx.jpy_per_usd as net_usd,
    'mof' as source,
    'table s-2' as source_series_code,
    'reported' as derivation,
    latest.vintage,
    latest.retrieved_at,
    latest.source_url,
    latest.payload_sha256,
    latest.release_status
from latest
left join {{ ref('int_fx__jpy_per_usd_by_year') }} as fx
    on latest.frequency = fx.frequency and latest.period_start = fx.period_start
