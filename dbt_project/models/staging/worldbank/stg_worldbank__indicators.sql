-- World Bank WDI annual series, every validated vintage: one row per indicator, country, year and vintage.
with validated as (
    {{ validated_rows('worldbank', 'indicators') }}
)

select
    indicator_id,
    country_iso3,
    date::integer as year_number,
    value,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
where value is not null
