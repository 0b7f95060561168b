-- The sector split of each region adds up: primary + manufacturing + services + unallocated = total, and each sector
-- equals the sum of its industries in fdi_by_region_industry (manufacturing: the table's manufacturing total).
-- Tolerance: half a unit of the published 100-million-yen figures.
{{ config(meta={'dagster': {'ref': {'name': 'fdi_sector_split_by_region'}}}) }}
with split as (
    select
        year,
        direction,
        measure,
        region_code,
        sum(value_jpy_100m) filter (where sector <> 'total') as parts_jpy_100m,
        max(value_jpy_100m) filter (where sector = 'total') as total_jpy_100m,
        max(value_jpy_100m) filter (where sector = 'primary') as primary_jpy_100m,
        max(value_jpy_100m) filter (where sector = 'services') as services_jpy_100m
    from {{ ref('fdi_sector_split_by_region') }}
    group by all
),

detail as (
    select
        year,
        direction,
        measure,
        region_code,
        sum(value_jpy_100m) filter (where industry_code in ('MOF_C', 'MOF_N')) as total_jpy_100m,
        sum(value_jpy_100m) filter (where sector = 'primary' and parent_industry_code = 'MOF_N') as primary_jpy_100m,
        sum(value_jpy_100m) filter (where sector = 'services' and parent_industry_code = 'MOF_N') as services_jpy_100m
    from {{ ref('fdi_by_region_industry') }}
    group by all
)

select
    split.*,
    detail.total_jpy_100m as detail_total_jpy_100m
from split
inner join detail using (year, direction, measure, region_code)
where
    abs(split.parts_jpy_100m - split.total_jpy_100m) > 0.5
    or abs(split.total_jpy_100m - detail.total_jpy_100m) > 0.5
    or abs(split.primary_jpy_100m - coalesce(detail.primary_jpy_100m, 0)) > 0.5
    or abs(split.services_jpy_100m - coalesce(detail.services_jpy_100m, 0)) > 0.5
