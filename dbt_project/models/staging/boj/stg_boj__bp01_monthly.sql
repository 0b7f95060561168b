-- Bank of Japan BP01, monthly, every validated vintage: typed, renamed, unit in the column name.
with validated as (
    {{ validated_rows('boj', 'bp01_monthly') }}
)

select
    series_code as boj_series_code,
    series_name as boj_series_name,
    strptime(period_code, '%Y%m')::date as period_start,
    last_day(strptime(period_code, '%Y%m')::date) as period_end,
    value as value_jpy_100m,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
