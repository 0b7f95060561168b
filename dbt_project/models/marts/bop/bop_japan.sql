-- Japan's balance of payments: one row per item, period, frequency and source, in 100 million yen and US dollars.
-- The Ministry of Finance's annual tables stand beside the BOJ's months and their sums: each says its own status.
with observations as (
    select
        *,
        null as release_status
    from {{ ref('int_bop__latest_vintages_unioned') }}
    union all
    select
        *,
        null as release_status
    from {{ ref('int_bop__months_summed_to_years') }}
    union all
    select * from {{ ref('int_bop__mof_latest_releases') }}
)

select
    {{ period_label('observations.frequency', 'observations.period_start') }}::string as period_label,
    observations.period_start::date as period_start,
    observations.period_end::date as period_end,
    observations.frequency::string as frequency,
    items.account::string as account,
    items.sub_account::string as sub_account,
    observations.bop_item_code::string as bop_item_code,
    items.bop_item_name::string as bop_item_name,
    observations.value_jpy_100m::double as value_jpy_100m,
    observations.value_usd::double as value_usd,
    observations.fx_basis::string as fx_basis,
    observations.source::string as source,
    observations.source_series_code::string as source_series_code,
    observations.derivation::string as derivation,
    observations.vintage::date as vintage,
    coalesce(
        observations.release_status, {{ revision_status('observations.period_end', 'observations.vintage') }}
    )::string as status,
    observations.source_url::string as source_url,
    observations.retrieved_at::{{ type_timestamp_tz() }} as retrieved_at,
    observations.payload_sha256::string as payload_sha256
from observations
inner join {{ ref('bop_items') }} as items on observations.bop_item_code = items.bop_item_code
