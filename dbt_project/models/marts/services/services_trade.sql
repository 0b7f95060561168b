-- Japan's services trade by EBOPS category: one row per period, frequency, partner and category, in 100 million yen
-- (as published) and US dollars.
with observations as (
    select
        *,
        null as release_status
    from {{ ref('int_services__latest_months') }}
    union all
    select
        *,
        null as release_status
    from {{ ref('int_services__months_summed_to_years') }}
    union all
    select * from {{ ref('int_services__mof_latest_releases') }}
)

select
    {{ period_label('observations.frequency', 'observations.period_start') }}::string as period_label,
    observations.period_start::date as period_start,
    observations.period_end::date as period_end,
    observations.frequency::string as frequency,
    'WLD'::string as partner_iso3,
    observations.ebops_code::string as ebops_code,
    categories.category_name::string as category_name,
    categories.parent_code::string as parent_code,
    categories.hierarchy_level::integer as hierarchy_level,
    (official_digital.ebops_code is not null)::boolean as is_digital,
    null::double as credit_jpy_100m,
    null::double as debit_jpy_100m,
    observations.net_jpy_100m::double as net_jpy_100m,
    observations.net_usd::double as net_usd,
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
inner join {{ ref('ebops_categories') }} as categories on observations.ebops_code = categories.ebops_code
left join {{ ref('services_digital_groupings') }} as official_digital
    on observations.ebops_code = official_digital.ebops_code and official_digital.grouping_code = 'digital'
