-- Calendar and fiscal (April-March) years summed from monthly figures, only where all twelve months are present.
with monthly as (
    select * from {{ ref('int_services__latest_months') }}
),

tagged as (
    select 'calendar_year' as year_frequency, year(period_start) as year_number, * from monthly
    union all
    select
        'fiscal_year' as year_frequency,
        year(period_start) - case when month(period_start) < 4 then 1 else 0 end as year_number,
        *
    from monthly
)

select
    ebops_code,
    min(period_start) as period_start,
    max(period_end) as period_end,
    year_frequency as frequency,
    sum(net_jpy_100m) as net_jpy_100m,
    -- a year in dollars only when every month of it has a rate
    case when count(net_usd) = 12 then sum(net_usd) end as net_usd,
    source,
    source_series_code,
    'sum_of_months' as derivation,
    max(vintage) as vintage,
    max(retrieved_at) as retrieved_at,
    string_agg(distinct source_url, ' | ' order by source_url) as source_url,
    string_agg(distinct payload_sha256, ',' order by payload_sha256) as payload_sha256
from tagged
group by ebops_code, year_frequency, year_number, source, source_series_code
having count(distinct period_start) = 12
