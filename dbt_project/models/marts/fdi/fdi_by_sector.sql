-- Japan's direct investment by partner, industry and sector: one row per year, direction, measure, partner and
-- industry. Confidential and missing cells stay rows with a null value and their status, so totals and shares say
-- what they cover. Yen values use the year's annual-average rate (World Bank PA.NUS.FCRF): an approximation for
-- year-end positions, which the Bank of Japan converts at end-of-year rates; null where the warehouse has no rate for
-- the year.
select
    positions.year::integer as year,
    positions.period_end::date as period_end,
    positions.direction::string as direction,
    positions.measure::string as measure,
    positions.partner_iso3::string as partner_iso3,
    positions.industry_code::string as industry_code,
    industries.industry_name::string as industry_name,
    industries.sector::string as sector,
    positions.value_usd::double as value_usd,
    (positions.value_usd * factors.jpy_per_usd)::double as value_jpy,
    positions.value_status::string as value_status,
    positions.source::string as source,
    positions.source_series_code::string as source_series_code,
    positions.vintage::date as vintage,
    positions.source_url::string as source_url,
    positions.retrieved_at::{{ type_timestamp_tz() }} as retrieved_at,
    positions.payload_sha256::string as payload_sha256
from {{ ref('int_fdi__latest_positions') }} as positions
inner join {{ ref('fdi_industry_sectors') }} as industries on positions.industry_code = industries.industry_code
left join {{ ref('int_worldbank__indicators_pivoted_by_year') }} as factors on positions.year = factors.year_number
