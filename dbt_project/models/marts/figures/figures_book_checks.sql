-- The figures book (seed figures_book): each published headline figure against the warehouse's own value of the same
-- measure, period and partner (from the same release where the warehouse keeps every release, as for the Ministry's
-- tables). The warehouse's measures are gathered once, in long form, so adding a figure is a seed row.
-- status: match (within the figure's tolerance), differs_explained (the seed says why: a revision, a preliminary
-- figure, another basis), not computable (the seed says why), or differs, which the test
-- assert_figures_book_explains_every_difference refuses, as it refuses an unexplained missing value.
with customs_partners as (
    select
        period_label,
        period_start,
        partner_iso3,
        export_jpy,
        import_jpy,
        balance_jpy
    from {{ ref('trade_by_partner') }}
    where source = 'customs' and reporter_iso3 = 'JPN' and frequency = 'year' and hs_level = 0
),

customs_world as (
    select * from customs_partners
    where partner_iso3 = 'WLD'
),

bop_items as (
    select
        items.table_code,
        items.bop_item_code,
        items.measure
    from (
        values ('s-1', 'CAB', 'bop_current_account_jpy_tn'), ('s-1', 'G', 'bop_goods_jpy_tn'),
        ('s-1', 'S', 'bop_services_jpy_tn'), ('s-1', 'IN1', 'bop_primary_income_jpy_tn'),
        ('s-2', 'SD', 'services_travel_jpy_tn')
    ) as items (table_code, bop_item_code, measure)
),

measures as (
    select
        'customs_exports_jpy_tn' as measure,
        period_label,
        partner_iso3,
        export_jpy / 1e12 as warehouse_value,
        'trade_by_partner' as warehouse_mart,
        null::date as release_date
    from customs_partners
    union all
    select
        'customs_imports_jpy_tn',
        period_label,
        partner_iso3,
        import_jpy / 1e12,
        'trade_by_partner',
        null
    from customs_partners
    union all
    select
        'customs_balance_jpy_tn',
        period_label,
        partner_iso3,
        balance_jpy / 1e12,
        'trade_by_partner',
        null
    from customs_partners
    union all
    select
        'customs_share_of_exports',
        partner.period_label,
        partner.partner_iso3,
        partner.export_jpy / world.export_jpy,
        'trade_by_partner',
        null
    from customs_partners as partner
    inner join customs_world as world using (period_label)
    union all
    select
        'customs_balance_change_on_year',
        this_year.period_label,
        'WLD',
        this_year.balance_jpy / year_before.balance_jpy - 1,
        'trade_by_partner',
        null
    from customs_world as this_year
    inner join customs_world as year_before on year_before.period_start = this_year.period_start - interval 1 year
    union all
    select
        'customs_motor_vehicles_and_parts_exports_jpy_tn',
        period_label,
        partner_iso3,
        sum(value_jpy) / 1e12,
        'trade_commodity_shares',
        null
    from {{ ref('trade_commodity_shares') }}
    where flow = 'export' and frequency = 'year' and commodity_code in ('motor_vehicles', 'parts_of_motor_vehicles')
    group by period_label, partner_iso3
    union all
    select
        'china_share_of_exports_to_rcep_signatories',
        period_label,
        null,
        share_of_group,
        'trade_partner_shares_in_group',
        null
    from {{ ref('trade_partner_shares_in_group') }}
    where
        group_code = 'RCEP_SIGNATORIES'
        and partner_iso3 = 'CHN'
        and flow = 'export'
        and frequency = 'year'
        and source = 'customs'
    union all
    select
        'lac_trade_usd_bn',
        period_label,
        null,
        sum(value_usd) / 1e9,
        'trade_by_partner_group',
        null
    from {{ ref('trade_by_partner_group') }}
    where group_code = 'LAC' and source = 'customs' and hs_code = 'TOTAL' and frequency = 'year'
    group by period_label
    union all
    select
        bop_items.measure,
        bop.period_label,
        null,
        bop.value_jpy_100m / 1e4,
        'bop_japan',
        null
    from {{ ref('bop_japan') }} as bop
    inner join bop_items using (bop_item_code)
    where bop.source = 'boj' and bop.frequency in ('calendar_year', 'fiscal_year')
    union all
    select
        bop_items.measure,
        releases.period_label,
        null,
        releases.value_jpy_100m / 1e4,
        'bop_japan_releases',
        releases.release_date
    from {{ ref('bop_japan_releases') }} as releases
    inner join bop_items on releases.table_code = bop_items.table_code and releases.item_code = bop_items.bop_item_code
    union all
    select
        'services_travel_jpy_tn',
        period_label,
        null,
        travel_net_jpy_100m / 1e4,
        'services_travel_vs_digital',
        null
    from {{ ref('services_travel_vs_digital') }}
    union all
    select
        'services_digital_jpy_tn',
        period_label,
        null,
        digital_net_jpy_100m / 1e4,
        'services_travel_vs_digital',
        null
    from {{ ref('services_travel_vs_digital') }}
)

select
    book.figure_id::string as figure_id,
    book.statement::string as statement,
    book.measure::string as measure,
    book.published_value::double as published_value,
    measures.warehouse_value::double as warehouse_value,
    (measures.warehouse_value - book.published_value)::double as difference,
    book.unit::string as unit,
    book.period_label::string as period_label,
    book.partner_iso3::string as partner_iso3,
    book.basis::string as basis,
    book.publication_status::string as publication_status,
    book.published_on::date as published_on,
    book.source::string as source,
    book.url::string as url,
    book.tolerance::double as tolerance,
    (
        case
            when measures.warehouse_value is null then 'not computable'
            when abs(measures.warehouse_value - book.published_value) <= book.tolerance then 'match'
            when book.explanation is not null then 'differs_explained'
            else 'differs'
        end
    )::string as status,
    book.explanation::string as explanation,
    measures.warehouse_mart::string as warehouse_mart
from {{ ref('figures_book') }} as book
left join measures
    on
        book.measure = measures.measure
        and book.period_label = measures.period_label
        and book.partner_iso3 is not distinct from measures.partner_iso3
-- One warehouse value per figure: the release the figure was published in where the warehouse keeps it (the same
-- basis and vintage), else the newest value it holds.
qualify row_number() over (
    partition by book.figure_id
    order by
        (measures.release_date = book.published_on) desc nulls last, (measures.warehouse_value is not null) desc,
        measures.release_date desc nulls last
) = 1
