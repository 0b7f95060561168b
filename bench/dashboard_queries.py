"""Five queries the dashboards and analysts run most, on the published trade marts."""

QUERIES = {
    "partners_ranked_by_balance": """
        select partner_iso3, balance_usd
        from marts.trade_by_partner
        where reporter_iso3 = 'JPN' and frequency = 'year' and period_label = '2020' and hs_level = 6
        order by balance_usd desc limit 20""",
    "top_products_to_china_with_cumulative_share": """
        select hs_code, value_usd, product_share, cumulative_product_share
        from marts.trade_shares
        where reporter_iso3 = 'JPN' and partner_iso3 = 'CHN' and flow = 'export' and period_label = '2020' and hs_level = 6
        order by value_usd desc limit 25""",
    "exports_and_imports_over_time": """
        select period_label, sum(export_usd) as export_usd, sum(import_usd) as import_usd,
               sum(export_usd_real) as export_usd_real, sum(import_usd_real) as import_usd_real
        from marts.trade_by_partner
        where reporter_iso3 = 'JPN' and frequency = 'year' and hs_level = 6
        group by period_label order by period_label""",
    "rcep_group_totals_by_year": """
        select period_label, flow, sum(value_usd) as value_usd
        from marts.trade_by_partner_group
        where group_code = 'RCEP' and frequency = 'year' and source = 'comtrade'
        group by period_label, flow order by period_label""",
    "one_product_across_partners": """
        select partner_iso3, period_label, value_usd, partner_share, yoy_growth
        from marts.trade_shares
        where reporter_iso3 = 'JPN' and hs_code = '870323' and flow = 'export'
        order by period_label, value_usd desc""",
}
