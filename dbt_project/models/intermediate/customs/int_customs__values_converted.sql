-- Customs figures (yen; by principal commodity group, and by HS6 from the 9-digit table) in US dollars at the Federal
-- Reserve's average rate of the figure's own period: a month at its month's average, a full year at the year's
-- average, a year to date at the mean of its months' averages;
-- and in real US dollars of the base year (US GDP deflator, as for the Comtrade figures). The basis is named in
-- fx_basis; conversions are null where the rate or deflator is not in the warehouse.
with figures as (
    select
        flow,
        partner_iso3,
        'MOF_PC' as classification,
        commodity_code as product_code,
        parent_code as parent_product_code,
        hierarchy_level as product_level,
        frequency,
        period_label,
        period_start,
        period_end,
        months_in_block,
        months_covered,
        value_jpy,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('int_customs__labels_coded') }}
    union all
    select
        flow,
        partner_iso3,
        'HS' as classification,
        hs6_code as product_code,
        substr(hs6_code, 1, 4) as parent_product_code,
        6 as product_level,
        frequency,
        period_label,
        period_start,
        period_end,
        1 as months_in_block,
        1 as months_covered,
        value_jpy,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('int_customs__hs9_summed_to_hs6') }}
),

fx as (
    select * from {{ ref('int_fx__jpy_per_usd_by_period') }}
    where fx_basis like 'fed_h10%'
),

year_to_date_blocks as (
    select distinct
        period_start,
        period_end
    from figures
    where frequency = 'year' and months_in_block < 12
),

year_to_date_rates as (
    select
        blocks.period_start,
        blocks.period_end,
        avg(fx.jpy_per_usd) as jpy_per_usd,
        count(*) as months_with_rate
    from year_to_date_blocks as blocks
    inner join fx on fx.frequency = 'month' and fx.period_start between blocks.period_start and blocks.period_end
    group by all
),

deflators as (
    select * from {{ ref('int_worldbank__indicators_pivoted_by_year') }}
),

base as (
    select us_gdp_deflator as base_deflator from deflators
    where year_number = {{ var('trade_real_base_year', 2010) }}
),

rated as (
    select
        figures.*,
        case
            when figures.frequency = 'month' then monthly.jpy_per_usd
            when figures.months_in_block = 12 then annual.jpy_per_usd
            when ytd.months_with_rate = figures.months_in_block then ytd.jpy_per_usd
        end as jpy_per_usd,
        case
            when figures.frequency = 'month' then 'fed_h10_monthly_average'
            when figures.months_in_block = 12 then 'fed_h10_annual_average'
            else 'fed_h10_mean_of_monthly_averages'
        end as fx_basis
    from figures
    left join fx as monthly
        on figures.frequency = 'month' and monthly.frequency = 'month' and figures.period_start = monthly.period_start
    left join fx as annual
        on figures.frequency = 'year' and annual.frequency = 'year' and figures.period_start = annual.period_start
    left join year_to_date_rates as ytd
        on
            figures.frequency = 'year'
            and figures.period_start = ytd.period_start
            and figures.period_end = ytd.period_end
)

select
    rated.*,
    rated.value_jpy / rated.jpy_per_usd as value_usd,
    rated.value_jpy / rated.jpy_per_usd * base.base_deflator / deflators.us_gdp_deflator as value_usd_real,
    {{ var('trade_real_base_year', 2010) }} as real_base_year
from rated
left join deflators on year(rated.period_start) = deflators.year_number
left join base on true
