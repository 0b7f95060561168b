-- Both sources' balance-of-payments items on one grain (item, period, frequency, source), latest vintage only.
-- IMF annual figures come in two units (USD, XDC = yen): they are pivoted onto one row per item and year. BOJ months
-- are in yen; their US dollars are at the month's Federal Reserve average rate (fx_basis says so).
with boj_latest as (
    select *
    from {{ ref('stg_boj__bp01_monthly') }}
    {{ newest_vintage(['boj_series_code', 'period_start']) }}
),

imf_latest as (
    select *
    from {{ ref('stg_imf__bop_annual') }}
    {{ newest_vintage(['imf_indicator_code', 'imf_accounting_entry', 'imf_unit_code', 'period_start']) }}
),

boj_items as (
    select
        items.bop_item_code,
        boj_latest.period_start,
        boj_latest.period_end,
        'month' as frequency,
        boj_latest.value_jpy_100m,
        boj_latest.value_jpy_100m * 1e8 / fx.jpy_per_usd as value_usd,
        case when fx.jpy_per_usd is not null then fx.fx_basis end as fx_basis,
        'boj' as source,
        boj_latest.boj_series_code as source_series_code,
        'reported' as derivation,
        boj_latest.vintage,
        boj_latest.retrieved_at,
        boj_latest.source_url,
        boj_latest.payload_sha256
    from boj_latest
    inner join {{ ref('bop_items') }} as items on boj_latest.boj_series_code = items.boj_series_code
    left join {{ ref('int_fx__jpy_per_usd_by_period') }} as fx
        on
            fx.frequency = 'month'
            and fx.fx_basis = 'fed_h10_monthly_average'
            and boj_latest.period_start = fx.period_start
),

imf_items as (
    select
        items.bop_item_code,
        imf_latest.period_start,
        any_value(imf_latest.period_end) as period_end,
        'calendar_year' as frequency,
        max(imf_latest.value_jpy_100m) as value_jpy_100m,
        max(imf_latest.value_usd) as value_usd,
        'imf_reported' as fx_basis,
        'imf' as source,
        items.imf_indicator_code || '.' || items.imf_accounting_entry as source_series_code,
        'reported' as derivation,
        max(imf_latest.vintage) as vintage,
        max(imf_latest.retrieved_at) as retrieved_at,
        {{ sorted_string_agg('imf_latest.source_url', ' | ') }} as source_url,
        {{ sorted_string_agg('imf_latest.payload_sha256', ',') }} as payload_sha256
    from imf_latest
    inner join {{ ref('bop_items') }} as items
        on
            imf_latest.imf_indicator_code = items.imf_indicator_code
            and imf_latest.imf_accounting_entry = items.imf_accounting_entry
    group by items.bop_item_code, items.imf_indicator_code, items.imf_accounting_entry, imf_latest.period_start
)

select * from boj_items
union all
select * from imf_items
