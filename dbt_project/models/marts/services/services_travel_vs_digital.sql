-- Travel against digital services, by calendar and fiscal year: "travel surplus against digital deficit" in one row.
-- digital_net_jpy_100m sums the is_digital categories the warehouse holds for the year; digital_codes_included says
-- which, so a partial grouping is never mistaken for the whole one.
with years as (
    select * from {{ ref('services_trade') }} where frequency in ('calendar_year', 'fiscal_year') and partner_iso3 = 'WLD'
),

digital_defined as (
    select string_agg(ebops_code, ',' order by ebops_code) as codes from {{ ref('ebops_categories') }} where is_digital
)

select
    years.period_label::varchar as period_label,
    years.frequency::varchar as frequency,
    min(years.period_start)::date as period_start,
    max(years.net_jpy_100m) filter (where years.ebops_code = 'SD')::double as travel_net_jpy_100m,
    sum(years.net_jpy_100m) filter (where years.is_digital)::double as digital_net_jpy_100m,
    max(years.net_jpy_100m) filter (where years.ebops_code = 'S')::double as services_net_jpy_100m,
    string_agg(years.ebops_code, ',' order by years.ebops_code) filter (where years.is_digital)::varchar as digital_codes_included,
    any_value(digital_defined.codes)::varchar as digital_codes_defined
from years
cross join digital_defined
group by years.period_label, years.frequency
