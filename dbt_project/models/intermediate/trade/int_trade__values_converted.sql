-- US-dollar trade values also in yen (annual average yen per US$ of the period's year, World Bank PA.NUS.FCRF) and
-- in real US dollars of the base year (US GDP deflator, NY.GDP.DEFL.ZS): real = nominal x deflator(base) / deflator(year).
-- Conversions are null where the year's rate or deflator is not in the warehouse.
with factors as (
    select * from {{ ref('int_worldbank__indicators_pivoted_by_year') }}
),

base as (
    select us_gdp_deflator as base_deflator from factors where year_number = {{ var('trade_real_base_year', 2010) }}
)

select
    flows.*,
    flows.value_usd * factors.jpy_per_usd as value_jpy,
    flows.value_usd * base.base_deflator / factors.us_gdp_deflator as value_usd_real,
    {{ var('trade_real_base_year', 2010) }} as real_base_year
from {{ ref('int_trade__latest_vintages_selected') }} as flows
left join factors on year(flows.period_start) = factors.year_number
left join base on true
