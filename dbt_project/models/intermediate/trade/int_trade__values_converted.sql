-- US-dollar trade values also in yen (annual average yen per US$ of the period's year, World Bank PA.NUS.FCRF) and
-- in real US dollars of the base year (US GDP deflator, NY.GDP.DEFL.ZS): real = nominal x deflator(base) / deflator(year).
-- Conversions are null where the year's rate or deflator is not in the warehouse.
with series as (
    select *
    from {{ ref('stg_worldbank__indicators') }}
    qualify row_number() over (partition by indicator_id, country_iso3, year_number order by retrieved_at desc, payload_sha256 desc) = 1
),

yen_per_usd as (
    select year_number, value as jpy_per_usd from series where indicator_id = 'PA.NUS.FCRF' and country_iso3 = 'JPN'
),

deflator as (
    select year_number, value as deflator from series where indicator_id = 'NY.GDP.DEFL.ZS' and country_iso3 = 'USA'
),

base as (
    select deflator as base_deflator from deflator where year_number = {{ var('trade_real_base_year', 2010) }}
)

select
    flows.*,
    flows.value_usd * yen_per_usd.jpy_per_usd as value_jpy,
    flows.value_usd * base.base_deflator / deflator.deflator as value_usd_real,
    {{ var('trade_real_base_year', 2010) }} as real_base_year
from {{ ref('int_trade__latest_vintages_selected') }} as flows
left join yen_per_usd on year(flows.period_start) = yen_per_usd.year_number
left join deflator on year(flows.period_start) = deflator.year_number
left join base on true
