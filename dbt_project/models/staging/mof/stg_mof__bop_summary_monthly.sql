-- Ministry of Finance table s-1 by month, every validated vintage: typed, periods as dates.
with validated as (
    {{ validated_rows('mof', 'bop_summary_monthly') }}
)

select
    item_code as bop_item_code,
    frequency,
    make_date(year::integer, month::integer, 1) as period_start,
    last_day(make_date(year::integer, month::integer, 1)) as period_end,
    value_jpy_100m,
    cell_status,
    case when is_preliminary then 'preliminary' else 'revised' end as release_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
