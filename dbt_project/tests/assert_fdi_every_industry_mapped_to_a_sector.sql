-- Every industry code any FDI source sends is mapped to a sector: no row may fall out of the rollup.
{{ config(meta={'dagster': {'ref': {'name': 'int_fdi__latest_positions'}}}) }}
select
    positions.industry_code,
    count(*) as rows_without_sector
from {{ ref('int_fdi__latest_positions') }} as positions
left join {{ ref('fdi_industry_sectors') }} as industries on positions.industry_code = industries.industry_code
where industries.sector is null
group by positions.industry_code
