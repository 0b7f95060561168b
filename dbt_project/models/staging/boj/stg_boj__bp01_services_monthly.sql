-- Bank of Japan BP01 services by category, monthly, every validated vintage: typed, renamed, unit in the column name.
with validated as (
    {{ validated_rows('boj', 'bp01_services_monthly') }}
)

select
    series_code as boj_series_code,
    series_name as boj_series_name,
    strptime(period_code, '%Y%m')::date as period_start,
    last_day(strptime(period_code, '%Y%m')::date) as period_end,
    value as net_jpy_100m,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
