-- BOJ BP01 services by category, latest vintage per series and month, placed in the EBOPS hierarchy. US dollars at the
-- annual-average yen rate of the month's year (World Bank PA.NUS.FCRF; monthly rates are not in the warehouse).
select
    categories.ebops_code,
    latest.period_start,
    latest.period_end,
    'month' as frequency,
    latest.net_jpy_100m,
    latest.net_jpy_100m * 1e8 / factors.jpy_per_usd as net_usd,
    'boj' as source,
    latest.boj_series_code as source_series_code,
    'reported' as derivation,
    latest.vintage,
    latest.retrieved_at,
    latest.source_url,
    latest.payload_sha256
from {{ ref('stg_boj__bp01_services_monthly') }} as latest
inner join {{ ref('ebops_categories') }} as categories on latest.boj_series_code = categories.boj_series_code
left join
    {{ ref('int_worldbank__indicators_pivoted_by_year') }} as factors
    on year(latest.period_start) = factors.year_number
{{ newest_vintage(['boj_series_code', 'period_start'], relation='latest') }}
