-- Japan's direct investment in each region split into primary, manufacturing and services, with what the table leaves
-- unallocated: one row per year, direction, measure, region and sector (total included). Manufacturing is the table's
-- manufacturing total (its confidential cells and unlisted industries are still manufacturing); primary and services
-- are the sums of the non-manufacturing industries the table reports; unallocated is the non-manufacturing total less
-- those sums (confidential cells and unlisted industries). So primary + manufacturing + services + unallocated = total,
-- and the coverage columns say how many industries each sector's figure is built from.
with cells as (
    select * from {{ ref('fdi_by_region_industry') }}
),

totals as (
    select
        year,
        direction,
        measure,
        region_code,
        max(value_jpy_100m) filter (where industry_code = 'MOF_C') as manufacturing_jpy_100m,
        max(value_jpy_100m) filter (where industry_code = 'MOF_N') as non_manufacturing_jpy_100m,
        max(value_usd) filter (where industry_code = 'MOF_C') as manufacturing_usd,
        max(value_usd) filter (where industry_code = 'MOF_N') as non_manufacturing_usd
    from cells
    group by all
),

industry_parts as (
    -- The industries under each of the two totals, by sector (under manufacturing, all manufacturing): their sum,
    -- and how many of them the table reports, keeps confidential or does not publish.
    select
        year,
        direction,
        measure,
        region_code,
        parent_industry_code,
        sector,
        coalesce(sum(value_jpy_100m), 0) as value_jpy_100m,
        coalesce(sum(value_usd), 0) as value_usd,
        count(*) filter (where value_status = 'reported') as industries_reported,
        count(*) filter (where value_status = 'confidential') as industries_confidential,
        count(*) filter (where value_status = 'not_published') as industries_not_reported
    from cells
    where parent_industry_code in ('MOF_C', 'MOF_N')
    group by all
),

non_manufacturing_parts as (
    select * from industry_parts
    where parent_industry_code = 'MOF_N'
),

manufacturing_parts as (
    select * from industry_parts
    where parent_industry_code = 'MOF_C'
),

split as (
    select
        year,
        direction,
        measure,
        region_code,
        sector,
        value_jpy_100m,
        value_usd,
        industries_reported,
        industries_confidential,
        industries_not_reported
    from non_manufacturing_parts
    union all
    select
        totals.year,
        totals.direction,
        totals.measure,
        totals.region_code,
        'manufacturing',
        totals.manufacturing_jpy_100m,
        totals.manufacturing_usd,
        parts.industries_reported,
        parts.industries_confidential,
        parts.industries_not_reported
    from totals
    inner join manufacturing_parts as parts using (year, direction, measure, region_code)
    union all
    select
        totals.year,
        totals.direction,
        totals.measure,
        totals.region_code,
        'unallocated',
        totals.non_manufacturing_jpy_100m - coalesce(sum(parts.value_jpy_100m), 0),
        totals.non_manufacturing_usd - coalesce(sum(parts.value_usd), 0),
        null,
        sum(parts.industries_confidential),
        null
    from totals
    left join non_manufacturing_parts as parts using (year, direction, measure, region_code)
    group by
        totals.year, totals.direction, totals.measure, totals.region_code, totals.non_manufacturing_jpy_100m,
        totals.non_manufacturing_usd
    union all
    select
        year,
        direction,
        measure,
        region_code,
        'total',
        manufacturing_jpy_100m + non_manufacturing_jpy_100m,
        manufacturing_usd + non_manufacturing_usd,
        null,
        null,
        null
    from totals
)

select
    split.year::integer as year,
    split.direction::string as direction,
    split.measure::string as measure,
    split.region_code::string as region_code,
    regions.region_name::string as region_name,
    regions.comparable_group_code::string as comparable_group_code,
    split.sector::string as sector,
    split.value_jpy_100m::double as value_jpy_100m,
    split.value_usd::double as value_usd,
    (split.value_jpy_100m / nullif(total.value_jpy_100m, 0))::double as share_of_region_total,
    split.industries_reported::integer as industries_reported,
    split.industries_confidential::integer as industries_confidential,
    split.industries_not_reported::integer as industries_not_reported
from split
inner join {{ ref('mof_fdi_regions') }} as regions on split.region_code = regions.region_code
left join split as total
    on
        total.sector = 'total'
        and split.year = total.year
        and split.direction = total.direction
        and split.measure = total.measure
        and split.region_code = total.region_code
