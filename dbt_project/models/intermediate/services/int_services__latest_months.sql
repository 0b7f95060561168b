-- BOJ BP01 services by category, latest vintage per series and month, placed in the EBOPS hierarchy.
select
    categories.ebops_code,
    latest.period_start,
    latest.period_end,
    'month' as frequency,
    latest.net_jpy_100m,
    'boj' as source,
    latest.boj_series_code as source_series_code,
    'reported' as derivation,
    latest.vintage,
    latest.retrieved_at,
    latest.source_url,
    latest.payload_sha256
from {{ ref('stg_boj__bp01_services_monthly') }} as latest
inner join {{ ref('ebops_categories') }} as categories on latest.boj_series_code = categories.boj_series_code
qualify row_number() over (
    partition by latest.boj_series_code, latest.period_start order by latest.retrieved_at desc, latest.payload_sha256 desc
) = 1
