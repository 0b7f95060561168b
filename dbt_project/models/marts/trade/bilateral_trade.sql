-- Goods trade by period, source, reporter, partner, product and flow, in yen, US dollars and real US dollars.
-- Sources never summed together: Japan's own customs statistics (source 'customs', reporter JPN: the Ministry of
-- Finance's principal commodity groups, classification 'MOF_PC', whose GRAND TOTAL is also hs_code TOTAL; and HS6
-- from the 9-digit table, classification 'HS'), UN Comtrade (source 'comtrade', any reporter, classification 'HS')
-- and the IMF's IMTS (source 'imts', HS TOTAL). Within one source and classification, rows of one hierarchy level
-- never overlap; across levels they nest (sum one level only).
-- Incremental by period on DuckDB (a full rebuild on Spark: dbt_project.yml): a run for some years
-- (macros/refreshed_years.sql) replaces those years' periods, every source's figures of them recomputed; a run
-- without them rebuilds the table (as after changing trade_real_base_year).
with international as (
    select
        period_label,
        period_start,
        period_end,
        frequency,
        source,
        reporter_iso3,
        partner_iso3,
        'HS' as classification,
        hs_code as product_code,
        hs_level as product_level,
        null::string as parent_product_code,
        hs_code,
        hs_level,
        flow,
        case when frequency = 'year' then 12 else 1 end as months_covered,
        value_usd,
        value_jpy,
        value_usd_real,
        jpy_per_usd,
        fx_basis,
        real_base_year,
        fob_value_usd,
        cif_value_usd,
        net_weight_kg,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('int_trade__values_converted') }}
),

customs as (
    select
        period_label,
        period_start,
        period_end,
        frequency,
        'customs' as source,
        'JPN' as reporter_iso3,
        partner_iso3,
        classification,
        product_code,
        product_level,
        parent_product_code,
        case when classification = 'HS' then product_code when product_code = 'grand_total' then 'TOTAL' end as hs_code,
        case when classification = 'HS' then product_level when product_code = 'grand_total' then 0 end as hs_level,
        flow,
        months_covered,
        value_usd,
        value_jpy,
        value_usd_real,
        jpy_per_usd,
        fx_basis,
        real_base_year,
        null as fob_value_usd,
        null as cif_value_usd,
        null as net_weight_kg,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('int_customs__values_converted') }}
),

unioned as (
    select * from international
    union all
    select * from customs
)

select
    period_label::string as period_label,
    period_start::date as period_start,
    period_end::date as period_end,
    frequency::string as frequency,
    source::string as source,
    reporter_iso3::string as reporter_iso3,
    partner_iso3::string as partner_iso3,
    classification::string as classification,
    product_code::string as product_code,
    product_level::integer as product_level,
    parent_product_code::string as parent_product_code,
    hs_code::string as hs_code,
    hs_level::integer as hs_level,
    flow::string as flow,
    months_covered::integer as months_covered,
    (frequency = 'year' and months_covered < 12)::boolean as is_partial_period,
    value_jpy::double as value_jpy,
    value_usd::double as value_usd,
    value_usd_real::double as value_usd_real,
    jpy_per_usd::double as jpy_per_usd,
    fx_basis::string as fx_basis,
    real_base_year::integer as real_base_year,
    fob_value_usd::double as fob_value_usd,
    cif_value_usd::double as cif_value_usd,
    net_weight_kg::double as net_weight_kg,
    {{ revision_status('period_end', 'vintage') }}::string as status,
    vintage::date as vintage,
    retrieved_at::{{ type_timestamp_tz() }} as retrieved_at,
    source_url::string as source_url,
    payload_sha256::string as payload_sha256
from unioned
where {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
