-- OECD FDI statistics (BMD4), every validated vintage: direction from the measurement principle (DO outward, DI
-- inward), measure from the measure code; US dollars million, null where confidential or not available.
with validated as (
    {{ validated_rows('oecd', 'fdi_by_partner_industry') }}
)

select
    dataflow_id,
    case measure_principle when 'DO' then 'outward' when 'DI' then 'inward' end as direction,
    case measure_code when 'LE_FA_F' then 'position' when 'T_FA_F' then 'flow' end as measure,
    counterpart_area as oecd_counterpart_code,
    activity_code as oecd_activity_code,
    time_period::integer as year,
    make_date(time_period::integer, 12, 31) as period_end,
    value_usd_mn,
    obs_status,
    conf_status,
    value_status,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
