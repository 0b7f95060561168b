-- Calendar and fiscal (April-March) years summed from monthly figures, only where all twelve months are present.
with monthly as (
    select * from {{ ref('int_bop__latest_vintages_unioned') }}
    where frequency = 'month'
),

tagged as (
    {{ months_tagged_with_years('monthly') }}
)

select
    bop_item_code,
    min(period_start) as period_start,
    max(period_end) as period_end,
    frequency,
    sum(value_jpy_100m) as value_jpy_100m,
    -- Dollars only when every month has them: each month at its own month's rate, then summed.
    case when count(value_usd) = 12 then sum(value_usd) end as value_usd,
    case when count(value_usd) = 12 then 'sum_of_months_at_' || any_value(fx_basis) end as fx_basis,
    source,
    source_series_code,
    {{ summed_months_provenance() }}
from tagged
group by bop_item_code, frequency, year_number, source, source_series_code
having count(distinct period_start) = 12
