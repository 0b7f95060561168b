-- Bank of Japan BP01, monthly, every validated vintage: typed, renamed, unit in the column name.
with validated as (
    {{ validated_rows('boj', 'bp01_monthly') }}
)

select
    series_code as boj_series_code,
    series_name as boj_series_name,
    make_date(substr(period_code, 1, 4)::integer, substr(period_code, 5, 2)::integer, 1) as period_start,
    last_day(make_date(substr(period_code, 1, 4)::integer, substr(period_code, 5, 2)::integer, 1)) as period_end,
    value as value_jpy_100m,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
