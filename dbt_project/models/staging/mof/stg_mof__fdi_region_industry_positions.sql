-- Ministry of Finance direct-investment positions at each calendar year's end by region and industry, every validated
-- vintage.
with validated as (
    {{ validated_rows('mof', 'fdi_region_industry_positions') }}
)

select
    direction,
    'position' as measure,
    year::integer as year,
    make_date(year::integer, 12, 31) as period_end,
    region_code,
    industry_code,
    value_jpy_100m,
    cell_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
