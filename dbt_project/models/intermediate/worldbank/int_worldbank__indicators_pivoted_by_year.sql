-- The World Bank conversion factors the marts share, one row per year, latest vintage of each figure:
-- yen per US dollar (annual average, PA.NUS.FCRF, Japan) and the US GDP deflator (NY.GDP.DEFL.ZS, an index).
with latest as (
    select *
    from {{ ref('stg_worldbank__indicators') }}
    {{ newest_vintage(['indicator_id', 'country_iso3', 'year_number']) }}
)

select
    year_number,
    max(value) filter (where indicator_id = 'PA.NUS.FCRF' and country_iso3 = 'JPN') as jpy_per_usd,
    max(value) filter (where indicator_id = 'NY.GDP.DEFL.ZS' and country_iso3 = 'USA') as us_gdp_deflator
from latest
group by year_number
