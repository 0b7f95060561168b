-- Yen per US dollar for every calendar and fiscal year: the mean of the year's twelve Federal Reserve monthly averages
-- (fiscal years April-March, named by the year they start in), only where all twelve months are present.
with months as (
    select * from {{ ref('fx_jpy_per_usd_fed') }}
    where frequency = 'month'
),

tagged as (
    {{ months_tagged_with_years('months') }}
)

select
    frequency,
    {{ year_period_start('frequency', 'year_number') }} as period_start,
    avg(jpy_per_usd) as jpy_per_usd,
    'fed_h10_mean_of_monthly_averages' as fx_basis
from tagged
group by frequency, year_number
having count(*) = 12
