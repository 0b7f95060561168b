{{
    config(
        materialized='incremental',
        unique_key=['period_label', 'frequency', 'reporter_iso3', 'partner_iso3', 'hs_code', 'flow'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- Goods trade by period, reporter, partner, HS product and flow, in US dollars, yen and real US dollars.
-- Incremental: a run adds only figures from payloads newer than what the table holds, replacing those periods'
-- rows by key, so a new month or year does not rebuild history. After changing trade_real_base_year, run with
-- --full-refresh.
select
    period_label::varchar as period_label,
    period_start::date as period_start,
    period_end::date as period_end,
    frequency::varchar as frequency,
    reporter_iso3::varchar as reporter_iso3,
    partner_iso3::varchar as partner_iso3,
    hs_code::varchar as hs_code,
    hs_level::integer as hs_level,
    flow::varchar as flow,
    value_usd::double as value_usd,
    value_jpy::double as value_jpy,
    value_usd_real::double as value_usd_real,
    real_base_year::integer as real_base_year,
    fob_value_usd::double as fob_value_usd,
    cif_value_usd::double as cif_value_usd,
    net_weight_kg::double as net_weight_kg,
    'comtrade'::varchar as source,
    vintage::date as vintage,
    retrieved_at::timestamptz as retrieved_at,
    source_url::varchar as source_url,
    payload_sha256::varchar as payload_sha256
from {{ ref('int_trade__values_converted') }}
{% if is_incremental() %}
where retrieved_at > (select coalesce(max(retrieved_at), timestamptz '1900-01-01 00:00:00+00') from {{ this }})
{% endif %}
