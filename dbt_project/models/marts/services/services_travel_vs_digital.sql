-- Travel against digital services, by calendar and fiscal year: "travel surplus against digital deficit" in one row.
-- digital_net_jpy_100m is the government's digital-related balance (seed services_digital_groupings, grouping
-- digital): the sum of its components, and only when the warehouse holds every one of them for the year; otherwise
-- null, with digital_status saying which components are missing, never a partial sum passed off as the whole.
-- The alternative grouping (telecom, computer and information plus all IP charges) stands beside it, named as such.
-- A year held by both sources takes the Ministry's published annual figure over the sum of the BOJ's months.
with years as (
    select *
    from {{ ref('services_trade') }}
    where frequency in ('calendar_year', 'fiscal_year') and partner_iso3 = 'WLD'
    qualify row_number() over (
        partition by period_label, frequency, ebops_code order by (source = 'mof') desc, source
    ) = 1
),

groupings as (
    select * from {{ ref('services_digital_groupings') }}
),

by_grouping as (
    select
        years.period_label,
        years.frequency,
        groupings.grouping_code,
        sum(years.net_jpy_100m) as net_jpy_100m,
        {{ sorted_string_agg('years.ebops_code', ',') }} as codes_held,
        count(*) as components_held
    from years
    inner join groupings on years.ebops_code = groupings.ebops_code
    group by all
),

defined as (
    select
        grouping_code,
        {{ sorted_string_agg('ebops_code', ',') }} as codes_defined,
        count(*) as components_defined
    from groupings
    group by grouping_code
),

official_defined as (
    select * from defined
    where grouping_code = 'digital'
),

periods as (
    select
        period_label,
        frequency,
        min(period_start) as period_start,
        max(net_jpy_100m) filter (where ebops_code = 'SD') as travel_net_jpy_100m,
        max(net_jpy_100m) filter (where ebops_code = 'S') as services_net_jpy_100m
    from years
    group by period_label, frequency
),

complete as (
    select
        by_grouping.*,
        defined.codes_defined,
        by_grouping.components_held = defined.components_defined as is_complete
    from by_grouping
    inner join defined using (grouping_code)
)

select
    periods.period_label::string as period_label,
    periods.frequency::string as frequency,
    periods.period_start::date as period_start,
    periods.travel_net_jpy_100m::double as travel_net_jpy_100m,
    (case when official.is_complete then official.net_jpy_100m end)::double as digital_net_jpy_100m,
    (
        case
            when official.is_complete then 'complete'
            else
                'not computable: components ' || official_defined.codes_defined || ' defined, '
                || coalesce(official.codes_held, 'none') || ' in the warehouse for this period'
        end
    )::string as digital_status,
    periods.services_net_jpy_100m::double as services_net_jpy_100m,
    official.codes_held::string as digital_codes_included,
    official_defined.codes_defined::string as digital_codes_defined,
    (case when alternative.is_complete then alternative.net_jpy_100m end)::double as digital_alt_all_ip_net_jpy_100m
from periods
cross join official_defined
left join complete as official
    on
        official.grouping_code = 'digital'
        and periods.period_label = official.period_label
        and periods.frequency = official.frequency
left join complete as alternative
    on
        alternative.grouping_code = 'digital_alt_all_ip'
        and periods.period_label = alternative.period_label
        and periods.frequency = alternative.frequency
