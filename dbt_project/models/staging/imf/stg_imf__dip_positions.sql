-- IMF DIP, annual, every validated vintage: direction from the indicator, plain US dollars, null where confidential.
with validated as (
    {{ validated_rows('imf', 'dip_positions') }}
)

select
    indicator_code as imf_indicator_code,
    case indicator_code
        when 'OTWD_D_NETAL_FALL_ALL' then 'outward'
        when 'INWD_D_NETLA_FALL_ALL' then 'inward'
    end as direction,
    'position' as measure,
    counterpart_code as partner_iso3,
    time_period::integer as year,
    make_date(time_period::integer, 12, 31) as period_end,
    obs_value as value_usd,
    obs_status,
    value_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
