-- Every figure each release of the Ministry of Finance's tables stated (s-1 summary by year and month, s-2 services):
-- one row per table, item, period and release, so a user sees what the preliminary release said and how later
-- releases revised it. Only published cells: a cell a release left empty is absent here, not zero.
with stated as (
    select
        's-1' as table_code,
        bop_item_code as item_code,
        frequency,
        period_start,
        period_end,
        value_jpy_100m,
        release_status,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('stg_mof__bop_summary_annual') }}
    where cell_status = 'published'
    union all
    select
        's-1',
        bop_item_code,
        frequency,
        period_start,
        period_end,
        value_jpy_100m,
        release_status,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('stg_mof__bop_summary_monthly') }}
    where cell_status = 'published'
    union all
    select
        's-2',
        ebops_code,
        frequency,
        period_start,
        period_end,
        net_jpy_100m,
        release_status,
        vintage,
        retrieved_at,
        source_url,
        payload_sha256
    from {{ ref('stg_mof__services_annual') }}
    where cell_status = 'published'
)

select
    stated.table_code::string as table_code,
    stated.item_code::string as item_code,
    coalesce(items.bop_item_name, categories.category_name)::string as item_name,
    stated.frequency::string as frequency,
    {{ period_label('stated.frequency', 'stated.period_start') }}::string as period_label,
    stated.period_start::date as period_start,
    stated.period_end::date as period_end,
    stated.value_jpy_100m::double as value_jpy_100m,
    stated.release_status::string as release_status,
    stated.vintage::date as release_date,
    (
        stated.vintage
        = max(stated.vintage)
            over (partition by stated.table_code, stated.item_code, stated.frequency, stated.period_start)
    )::boolean as is_latest_release,
    'mof'::string as source,
    stated.source_url::string as source_url,
    stated.retrieved_at::{{ type_timestamp_tz() }} as retrieved_at,
    stated.payload_sha256::string as payload_sha256
from stated
left join {{ ref('bop_items') }} as items on stated.table_code = 's-1' and stated.item_code = items.bop_item_code
left join
    {{ ref('ebops_categories') }} as categories
    on stated.table_code = 's-2' and stated.item_code = categories.ebops_code
-- A release is known by its date: where two payloads of one table were fetched on the same day (a figure corrected
-- within the day, or a refresh run twice), the day's last word stands for that release.
qualify row_number() over (
    partition by stated.table_code, stated.item_code, stated.frequency, stated.period_start, stated.vintage
    order by stated.retrieved_at desc, stated.payload_sha256 desc
) = 1
