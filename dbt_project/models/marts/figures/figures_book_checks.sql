-- The figures book (seed figures_book): each published headline figure against the warehouse's own value, on the
-- same basis. status: match (within the figure's tolerance), differs_explained (the seed says why: a revision, a
-- preliminary figure), not computable (and why), or differs, which the test assert_figures_book_explains_every_difference
-- refuses. Units follow the seed: trillion yen, billion US dollars or a share.
with customs_world as (
    select period_label, export_jpy / 1e12 as exports, import_jpy / 1e12 as imports, balance_jpy / 1e12 as balance
    from {{ ref('trade_by_partner') }}
    where source = 'customs' and reporter_iso3 = 'JPN' and partner_iso3 = 'WLD' and frequency = 'year' and hs_level = 0
),

china_in_rcep as (
    select period_label, share_of_group
    from {{ ref('trade_partner_shares_in_group') }}
    where group_code = 'RCEP_SIGNATORIES' and partner_iso3 = 'CHN' and flow = 'export' and frequency = 'year'
        and source = 'customs'
),

bop_years as (
    select period_label, bop_item_code, value_jpy_100m / 1e4 as value_tn
    from {{ ref('bop_japan') }}
    where source = 'boj' and frequency in ('calendar_year', 'fiscal_year')
),

lac as (
    select period_label, sum(value_usd) / 1e9 as trade_usd_bn
    from {{ ref('trade_by_partner_group') }}
    where group_code = 'LAC' and source = 'customs' and hs_code = 'TOTAL' and frequency = 'year'
    group by period_label
),

services_years as (
    select period_label, travel_net_jpy_100m / 1e4 as travel_tn, digital_net_jpy_100m / 1e4 as digital_tn, digital_status
    from {{ ref('services_travel_vs_digital') }}
),

computed as (
    select 'customs_balance_2024' as figure_id, (select balance from customs_world where period_label = '2024') as warehouse_value,
        'trade_by_partner' as warehouse_mart, null as reason
    union all
    select 'customs_exports_2024', (select exports from customs_world where period_label = '2024'), 'trade_by_partner', null
    union all
    select 'customs_imports_2024', (select imports from customs_world where period_label = '2024'), 'trade_by_partner', null
    union all
    select 'customs_balance_2023', (select balance from customs_world where period_label = '2023'), 'trade_by_partner', null
    union all
    select 'customs_deficit_change_2024',
        (select a.balance / b.balance - 1 from customs_world as a, customs_world as b where a.period_label = '2024' and b.period_label = '2023'),
        'trade_by_partner', null
    union all
    select 'customs_exports_2019', (select exports from customs_world where period_label = '2019'), 'trade_by_partner', null
    union all
    select 'rcep_china_share_exports_2020', (select share_of_group from china_in_rcep where period_label = '2020'),
        'trade_partner_shares_in_group', null
    union all
    select 'rcep_china_share_exports_2023', (select share_of_group from china_in_rcep where period_label = '2023'),
        'trade_partner_shares_in_group', null
    union all
    select 'japan_lac_trade_2015', (select trade_usd_bn from lac where period_label = '2015'), 'trade_by_partner_group', null
    union all
    select 'bop_current_account_cy2024', (select value_tn from bop_years where period_label = '2024' and bop_item_code = 'CAB'), 'bop_japan', null
    union all
    select 'bop_goods_cy2024', (select value_tn from bop_years where period_label = '2024' and bop_item_code = 'G'), 'bop_japan', null
    union all
    select 'bop_services_cy2024', (select value_tn from bop_years where period_label = '2024' and bop_item_code = 'S'), 'bop_japan', null
    union all
    select 'bop_current_account_fy2024', (select value_tn from bop_years where period_label = 'FY2024' and bop_item_code = 'CAB'), 'bop_japan', null
    union all
    select 'bop_services_fy2024', (select value_tn from bop_years where period_label = 'FY2024' and bop_item_code = 'S'), 'bop_japan', null
    union all
    select 'bop_primary_income_fy2024', (select value_tn from bop_years where period_label = 'FY2024' and bop_item_code = 'IN1'), 'bop_japan', null
    union all
    select 'bop_travel_fy2024', (select travel_tn from services_years where period_label = 'FY2024'), 'services_travel_vs_digital',
        'the warehouse holds travel (SD) by month for 2016 only: no FY2024 services by category yet'
    union all
    select 'bop_digital_fy2024', (select digital_tn from services_years where period_label = 'FY2024'), 'services_travel_vs_digital',
        coalesce(
            (select digital_status from services_years where period_label = 'FY2024'),
            'no FY2024 services by category in the warehouse yet (copyright-type IP charges and consulting have no confirmed BP01 series)'
        )
)

select
    book.figure_id::varchar as figure_id,
    book.statement::varchar as statement,
    book.published_value::double as published_value,
    computed.warehouse_value::double as warehouse_value,
    (computed.warehouse_value - book.published_value)::double as difference,
    book.unit::varchar as unit,
    book.period_label::varchar as period_label,
    book.basis::varchar as basis,
    book.publication_status::varchar as publication_status,
    book.published_on::date as published_on,
    book.source::varchar as source,
    book.url::varchar as url,
    book.tolerance::double as tolerance,
    (
        case
            when computed.warehouse_value is null then 'not computable: ' || coalesce(computed.reason, 'no warehouse value')
            when abs(computed.warehouse_value - book.published_value) <= book.tolerance then 'match'
            when book.explanation is not null then 'differs_explained'
            else 'differs'
        end
    )::varchar as status,
    book.explanation::varchar as explanation,
    computed.warehouse_mart::varchar as warehouse_mart
from {{ ref('figures_book') }} as book
left join computed using (figure_id)
