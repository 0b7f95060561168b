-- Japan's customs-basis trade with each partner by the Ministry's principal commodity groups, as the tables of
-- trade studies print it: each group's share of the partner's total (GRAND TOTAL), its rank among the groups of
-- the same level, the cumulative share of that level (largest first), and the change on the year before.
with groups as (
    select * from {{ ref('bilateral_trade') }}
    where source = 'customs' and classification = 'MOF_PC' and product_level >= 1
),

grand_totals as (
    select period_label, frequency, partner_iso3, flow, value_jpy as total_jpy
    from {{ ref('bilateral_trade') }}
    where source = 'customs' and classification = 'MOF_PC' and product_code = 'grand_total'
)

select
    groups.period_label::string as period_label,
    groups.period_start::date as period_start,
    groups.frequency::string as frequency,
    groups.partner_iso3::string as partner_iso3,
    groups.flow::string as flow,
    groups.product_code::string as commodity_code,
    groups.parent_product_code::string as parent_commodity_code,
    groups.product_level::integer as hierarchy_level,
    groups.months_covered::integer as months_covered,
    groups.value_jpy::double as value_jpy,
    groups.value_usd::double as value_usd,
    (groups.value_jpy / nullif(grand_totals.total_jpy, 0))::double as share_of_total,
    row_number() over same_level::integer as rank_in_level,
    (sum(groups.value_jpy) over same_level / nullif(grand_totals.total_jpy, 0))::double
        as cumulative_share_of_total,
    case
        when lag(groups.period_start) over yoy = groups.period_start - interval 1 year
            and lag(groups.months_covered) over yoy = groups.months_covered
            then groups.value_jpy / nullif(lag(groups.value_jpy) over yoy, 0) - 1
    end::double as yoy_growth
from groups
inner join grand_totals using (period_label, frequency, partner_iso3, flow)
window
    same_level as (
        partition by groups.period_label, groups.frequency, groups.partner_iso3, groups.flow, groups.product_level
        order by groups.value_jpy desc, groups.product_code
        -- the frame in the window itself: Spark cannot add one to a named window at its use
        rows between unbounded preceding and current row
    ),
    yoy as (partition by groups.frequency, groups.partner_iso3, groups.flow, groups.product_code order by groups.period_start)
order by groups.partner_iso3, groups.flow, groups.period_start, groups.product_level, groups.value_jpy desc
