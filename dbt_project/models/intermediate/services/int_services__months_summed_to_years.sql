-- Calendar and fiscal (April-March) years summed from monthly figures, only where all twelve months are present.
with monthly as (
    select * from {{ ref('int_services__latest_months') }}
),

tagged as (
    {{ months_tagged_with_years('monthly') }}
)

select
    ebops_code,
    min(period_start) as period_start,
    max(period_end) as period_end,
    frequency,
    sum(net_jpy_100m) as net_jpy_100m,
    -- a year in dollars only when every month of it has a rate
    case when count(net_usd) = 12 then sum(net_usd) end as net_usd,
    source,
    source_series_code,
    {{ summed_months_provenance() }}
from tagged
group by ebops_code, frequency, year_number, source, source_series_code
having count(distinct period_start) = 12
