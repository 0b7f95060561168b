-- Japan's direct investment by region and industry (the Ministry of Finance's tables): one row per year, direction,
-- measure, region and industry, from the newest payload of each table (measure, direction and year). Flows are the
-- year's transactions, positions the stock at its end. Confidential ('X') and unreported ('.') cells stay rows with a
-- null value and their status, never zero. Dollars: flows at the mean of the calendar year's Federal Reserve monthly
-- rates; positions at December's monthly rate, the nearest the warehouse holds to the year-end rate.
with tables as (
    select * from {{ ref('stg_mof__fdi_region_industry_annual') }}
    union all
    select * from {{ ref('stg_mof__fdi_region_industry_positions') }}
),

latest_tables as (
    select *
    from tables
    qualify
        dense_rank() over (partition by measure, direction, year order by retrieved_at desc, payload_sha256 desc) = 1
),

rates as (
    select
        'flow' as measure,
        period_start as year_start,
        jpy_per_usd,
        fx_basis
    from {{ ref('int_fx__jpy_per_usd_by_year') }}
    where frequency = 'calendar_year'
    union all
    select
        'position',
        make_date(year(period_start), 1, 1),
        jpy_per_usd,
        'fed_h10_december_average'
    from {{ ref('int_fx__jpy_per_usd_by_period') }}
    where frequency = 'month' and fx_basis = 'fed_h10_monthly_average' and month(period_start) = 12
)

select
    cells.year::integer as year,
    cells.period_end::date as period_end,
    cells.direction::string as direction,
    cells.measure::string as measure,
    cells.region_code::string as region_code,
    regions.region_name::string as region_name,
    regions.is_reference_subset::boolean as is_reference_subset,
    regions.comparable_group_code::string as comparable_group_code,
    cells.industry_code::string as industry_code,
    industries.industry_name::string as industry_name,
    industries.parent_code::string as parent_industry_code,
    industries.sector::string as sector,
    cells.value_jpy_100m::double as value_jpy_100m,
    (cells.value_jpy_100m * 1e8 / fx.jpy_per_usd)::double as value_usd,
    (case when fx.jpy_per_usd is not null then fx.fx_basis end)::string as fx_basis,
    (case cells.cell_status when 'published' then 'reported' else cells.cell_status end)::string as value_status,
    'mof'::string as source,
    cells.vintage::date as vintage,
    cells.source_url::string as source_url,
    cells.retrieved_at::{{ type_timestamp_tz() }} as retrieved_at,
    cells.payload_sha256::string as payload_sha256
from latest_tables as cells
inner join {{ ref('mof_fdi_regions') }} as regions on cells.region_code = regions.region_code
inner join {{ ref('fdi_industry_sectors') }} as industries on cells.industry_code = industries.industry_code
left join rates as fx on cells.measure = fx.measure and fx.year_start = make_date(cells.year, 1, 1)
