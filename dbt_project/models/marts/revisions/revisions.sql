-- What each release revised: every figure of every source dataset whose value changed from one vintage to the next.
{{ figure_revisions('stg_boj__bp01_monthly', 'boj__bp01_monthly', 'boj_series_code', month_label('period_start'),
    'period_start', 'value_jpy_100m', "'100 million yen'") }}
union all
{{ figure_revisions('stg_boj__bp01_services_monthly', 'boj__bp01_services_monthly', 'boj_series_code',
    month_label('period_start'), 'period_start', 'net_jpy_100m', "'100 million yen'") }}
union all
{{ figure_revisions('stg_imf__bop_annual', 'imf__bop_annual',
    "imf_indicator_code || '.' || imf_accounting_entry", year_label('period_start'), 'period_start',
    'coalesce(value_usd, value_jpy_100m)', "case imf_unit_code when 'USD' then 'US dollars' else '100 million yen' end") }}
union all
{{ figure_revisions('stg_imf__dip_positions', 'imf__dip_positions', "imf_indicator_code || '.' || partner_iso3",
    'year::string', 'make_date(year, 1, 1)', 'value_usd', "'US dollars'") }}
union all
{{ figure_revisions('stg_imf__imts_annual', 'imf__imts_annual', "flow || '.' || partner_iso3", 'period_label',
    'period_start', 'value_usd', "'US dollars'") }}
union all
{{ figure_revisions('stg_comtrade__goods', 'comtrade__goods',
    "reporter_iso3 || '.' || partner_iso3 || '.' || hs_code || '.' || flow", 'period_label', 'period_start', 'value_usd',
    "'US dollars'") }}
union all
{{ figure_revisions('stg_estat__trade_area_commodity', 'estat__trade_area_commodity',
    "flow || '.' || area_label || '.' || commodity_label || '.' || months_in_block || ' months'", 'period_label',
    'period_start', 'value_jpy', "'yen'") }}
union all
{{ figure_revisions('stg_estat__trade_hs9_country', 'estat__trade_hs9_country',
    "flow || '.' || hs9_code || '.' || area_code", 'period_label', 'period_start', 'value_jpy', "'yen'") }}
union all
{{ figure_revisions('stg_worldbank__indicators', 'worldbank__indicators', "indicator_id || '.' || country_iso3",
    'year_number::string', 'make_date(year_number, 1, 1)', 'value',
    "case indicator_id when 'PA.NUS.FCRF' then 'yen per US dollar' else 'index' end") }}
union all
{{ figure_revisions('stg_mof__bop_summary_annual', 'mof__bop_summary_annual', "bop_item_code || '.' || frequency",
    period_label('frequency', 'period_start'), 'period_start', 'value_jpy_100m', "'100 million yen'", "cell_status = 'published'") }}
union all
{{ figure_revisions('stg_mof__bop_summary_monthly', 'mof__bop_summary_monthly', 'bop_item_code',
    month_label('period_start'), 'period_start', 'value_jpy_100m', "'100 million yen'", "cell_status = 'published'") }}
union all
{{ figure_revisions('stg_mof__services_annual', 'mof__services_annual', "ebops_code || '.' || frequency",
    period_label('frequency', 'period_start'), 'period_start', 'net_jpy_100m', "'100 million yen'", "cell_status = 'published'") }}
union all
{{ figure_revisions('stg_mof__fdi_region_industry_annual', 'mof__fdi_region_industry_annual',
    "direction || '.' || region_code || '.' || industry_code", 'year::string', 'make_date(year, 1, 1)', 'value_jpy_100m',
    "'100 million yen'", "cell_status = 'published'") }}
union all
{{ figure_revisions('stg_mof__fdi_region_industry_positions', 'mof__fdi_region_industry_positions',
    "direction || '.' || region_code || '.' || industry_code", 'year::string', 'make_date(year, 12, 31)', 'value_jpy_100m',
    "'100 million yen'", "cell_status = 'published'") }}
union all
{{ figure_revisions('stg_oecd__fdi_by_partner_industry', 'oecd__fdi_by_partner_industry',
    "dataflow_id || '.' || direction || '.' || oecd_counterpart_code || '.' || oecd_activity_code", 'year::string',
    'period_end', 'value_usd_mn', "'US dollars million'", "value_status = 'reported'") }}
