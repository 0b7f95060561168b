-- Japan's direct investment by region and industry (the Ministry of Finance's table): one row per year, direction,
-- measure, region and industry, from the newest payload of each table (direction and year). Confidential ('X') and
-- unreported ('.') cells stay rows with a null value and their status, never zero. Dollars at the mean of the
-- calendar year's Federal Reserve monthly rates (flows are transactions through the year).
with latest_tables as (
    select *
    from {{ ref('stg_mof__fdi_region_industry_annual') }}
    qualify dense_rank() over (partition by direction, year order by retrieved_at desc, payload_sha256 desc) = 1
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
left join {{ ref('int_fx__jpy_per_usd_by_year') }} as fx
    on fx.frequency = 'calendar_year' and fx.period_start = make_date(cells.year, 1, 1)
