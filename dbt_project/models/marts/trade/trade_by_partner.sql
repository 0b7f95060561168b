-- Exports, imports, total trade and balance by source, reporter, partner and period, each HS level summed on its own
-- (hs_level 0 is the reported all-products TOTAL; for Japan's customs statistics, their GRAND TOTAL): the partner
-- rankings and time lines the dashboards show, without summing millions of HS6 rows at query time. Sources are
-- never added together. A flow with no row is null; total and balance count it as zero.
with summed as (
    select
        period_label,
        period_start,
        frequency,
        source,
        reporter_iso3,
        partner_iso3,
        hs_level,
        min(months_covered) as months_covered,
        sum(value_usd) filter (where flow = 'export') as export_usd,
        sum(value_usd) filter (where flow = 'import') as import_usd,
        sum(value_jpy) filter (where flow = 'export') as export_jpy,
        sum(value_jpy) filter (where flow = 'import') as import_jpy,
        sum(value_usd_real) filter (where flow = 'export') as export_usd_real,
        sum(value_usd_real) filter (where flow = 'import') as import_usd_real,
        any_value(real_base_year) as real_base_year,
        max(vintage) as latest_vintage
    from {{ ref('bilateral_trade') }}
    where
        hs_level is not null
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
    group by period_label, period_start, frequency, source, reporter_iso3, partner_iso3, hs_level
)

select
    period_label::string as period_label,
    period_start::date as period_start,
    frequency::string as frequency,
    source::string as source,
    reporter_iso3::string as reporter_iso3,
    partner_iso3::string as partner_iso3,
    hs_level::integer as hs_level,
    months_covered::integer as months_covered,
    (frequency = 'year' and months_covered < 12)::boolean as is_partial_period,
    export_usd::double as export_usd,
    import_usd::double as import_usd,
    (coalesce(export_usd, 0) + coalesce(import_usd, 0))::double as total_trade_usd,
    (coalesce(export_usd, 0) - coalesce(import_usd, 0))::double as balance_usd,
    export_jpy::double as export_jpy,
    import_jpy::double as import_jpy,
    (coalesce(export_jpy, 0) + coalesce(import_jpy, 0))::double as total_trade_jpy,
    (coalesce(export_jpy, 0) - coalesce(import_jpy, 0))::double as balance_jpy,
    export_usd_real::double as export_usd_real,
    import_usd_real::double as import_usd_real,
    real_base_year::integer as real_base_year,
    latest_vintage::date as latest_vintage
from summed
