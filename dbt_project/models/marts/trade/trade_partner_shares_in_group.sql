-- Each member's share of Japan's trade with its group, all goods: China's share of Japan's exports to RCEP
-- members, say. One row per period, source, group, flow and member with a figure; the group total counts the
-- members of that period that the source reports (members_counted of members_in_group, both shown).
with totals as (
    select * from {{ ref('trade_by_partner_group') }}
    where
        hs_code = 'TOTAL'
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
),

members as (
    select * from {{ ref('country_group_members') }}
),

partner_totals as (
    select * from {{ ref('bilateral_trade') }}
    where
        reporter_iso3 = 'JPN' and hs_code = 'TOTAL'
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
)

select
    totals.period_label::string as period_label,
    totals.period_start::date as period_start,
    totals.frequency::string as frequency,
    totals.source::string as source,
    totals.group_code::string as group_code,
    totals.flow::string as flow,
    partner_totals.partner_iso3::string as partner_iso3,
    partner_totals.value_jpy::double as value_jpy,
    partner_totals.value_usd::double as value_usd,
    totals.value_jpy::double as group_value_jpy,
    totals.value_usd::double as group_value_usd,
    (partner_totals.value_jpy / totals.value_jpy)::double as share_of_group,
    totals.partner_count::integer as members_counted,
    totals.members_in_group::integer as members_in_group,
    totals.partners::string as members_counted_list,
    least(totals.months_covered, partner_totals.months_covered)::integer as months_covered
from totals
inner join members on totals.group_code = members.group_code
inner join partner_totals
    on
        members.partner_iso3 = partner_totals.partner_iso3
        and totals.source = partner_totals.source
        and totals.flow = partner_totals.flow
        and totals.frequency = partner_totals.frequency
        and totals.period_label = partner_totals.period_label
        and {{ valid_during('members', 'partner_totals.period_start', 'partner_totals.period_end') }}
