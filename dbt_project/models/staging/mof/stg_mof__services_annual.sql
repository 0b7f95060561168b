-- Ministry of Finance table s-2 (services by EBOPS category, net), calendar and fiscal years, every validated vintage.
with validated as (
    {{ validated_rows('mof', 'services_annual') }}
)

select
    item_code as ebops_code,
    frequency,
    {{ year_period_start('frequency', 'year') }} as period_start,
    {{ year_period_start('frequency', 'year') }} + interval 1 year - interval 1 day as period_end,
    value_jpy_100m as net_jpy_100m,
    cell_status,
    case when is_preliminary then 'preliminary' else 'revised' end as release_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
