-- IMF BOP, annual, every validated vintage; OBS_VALUE is in plain units of the series' UNIT (USD or XDC = yen).
with validated as (
    {{ validated_rows('imf', 'bop_annual') }}
)

select
    indicator_code as imf_indicator_code,
    accounting_entry as imf_accounting_entry,
    unit_code as imf_unit_code,
    make_date(time_period::integer, 1, 1) as period_start,
    make_date(time_period::integer, 12, 31) as period_end,
    case when unit_code = 'USD' then obs_value end as value_usd,
    case when unit_code = 'XDC' then obs_value / 1e8 end as value_jpy_100m,
    obs_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
