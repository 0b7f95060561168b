-- US-dollar trade values also in yen, at the year's average yen per US$: the World Bank's PA.NUS.FCRF where it has
-- the year, else the Federal Reserve's annual average (fx_basis names which); and in real US dollars of the base
-- year (US GDP deflator, NY.GDP.DEFL.ZS): real = nominal x deflator(base) / deflator(year).
-- Conversions are null where the year's rate or deflator is not in the warehouse.
with factors as (
    select * from {{ ref('int_worldbank__indicators_pivoted_by_year') }}
),

annual_rates as (
    select * from {{ ref('int_fx__jpy_per_usd_by_period') }}
    where frequency = 'year'
),

base as (
    select us_gdp_deflator as base_deflator from factors
    where year_number = {{ var('trade_real_base_year', 2010) }}
)

select
    flows.*,
    flows.value_usd * coalesce(worldbank.jpy_per_usd, fed.jpy_per_usd) as value_jpy,
    coalesce(worldbank.jpy_per_usd, fed.jpy_per_usd) as jpy_per_usd,
    coalesce(worldbank.fx_basis, fed.fx_basis) as fx_basis,
    flows.value_usd * base.base_deflator / factors.us_gdp_deflator as value_usd_real,
    {{ var('trade_real_base_year', 2010) }} as real_base_year
from {{ ref('int_trade__latest_vintages_selected') }} as flows
left join factors on year(flows.period_start) = factors.year_number
left join annual_rates as worldbank
    on
        worldbank.fx_basis = 'worldbank_pa_nus_fcrf'
        and worldbank.period_start = make_date(year(flows.period_start), 1, 1)
left join annual_rates as fed
    on fed.fx_basis = 'fed_h10_annual_average' and fed.period_start = make_date(year(flows.period_start), 1, 1)
left join base on true
