-- IMF DIP positions, latest vintage per direction, partner and year; the IMF publishes all industries only (ISIC _T).
select
    year,
    period_end,
    direction,
    measure,
    partner_iso3,
    '_T' as industry_code,
    value_usd,
    value_status,
    'imf' as source,
    imf_indicator_code as source_series_code,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from {{ ref('stg_imf__dip_positions') }}
{{ newest_vintage(['imf_indicator_code', 'partner_iso3', 'year']) }}
