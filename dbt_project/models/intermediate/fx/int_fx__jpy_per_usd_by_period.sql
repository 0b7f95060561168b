-- Yen per US dollar for every month and year a trade figure can have, with the basis named: the Federal Reserve's
-- monthly and annual averages (seed fx_jpy_per_usd_fed) beside the World Bank's annual PA.NUS.FCRF.
select
    frequency,
    period_start,
    jpy_per_usd,
    case frequency when 'month' then 'fed_h10_monthly_average' else 'fed_h10_annual_average' end as fx_basis
from {{ ref('fx_jpy_per_usd_fed') }}

union all

select
    'year' as frequency,
    make_date(year_number, 1, 1) as period_start,
    jpy_per_usd,
    'worldbank_pa_nus_fcrf' as fx_basis
from {{ ref('int_worldbank__indicators_pivoted_by_year') }}
where jpy_per_usd is not null
