{%- set years_read = in_refreshed_years('year(period_start)', years_before=1, years_after=1)
    if is_incremental() else 'true' %}
{%- set years_replaced = in_refreshed_years('year(commodities.period_start)', years_after=1)
    if is_incremental() else 'true' %}
-- Japan's customs-basis trade with each partner by the Ministry's principal commodity groups, as the tables of
-- trade studies print it: each group's share of the partner's total (GRAND TOTAL), its rank among the groups of
-- the same level, the cumulative share of that level (largest first), and the change on the year before.
-- A run for some years replaces them and the year after (its change compares with them), reading the year before.
with commodities as (
    select * from {{ ref('bilateral_trade') }}
    where
        source = 'customs' and classification = 'MOF_PC' and product_level >= 1
        and {{ years_read }}
),

grand_totals as (
    select
        period_label,
        frequency,
        partner_iso3,
        flow,
        value_jpy as total_jpy
    from {{ ref('bilateral_trade') }}
    where
        source = 'customs' and classification = 'MOF_PC' and product_code = 'grand_total'
        and {{ years_read }}
)

select
    commodities.period_label::string as period_label,
    commodities.period_start::date as period_start,
    commodities.frequency::string as frequency,
    commodities.partner_iso3::string as partner_iso3,
    commodities.flow::string as flow,
    commodities.product_code::string as commodity_code,
    commodities.parent_product_code::string as parent_commodity_code,
    commodities.product_level::integer as hierarchy_level,
    commodities.months_covered::integer as months_covered,
    commodities.value_jpy::double as value_jpy,
    commodities.value_usd::double as value_usd,
    (commodities.value_jpy / nullif(grand_totals.total_jpy, 0))::double as share_of_total,
    (row_number() over same_level)::integer as rank_in_level,
    (sum(commodities.value_jpy) over same_level / nullif(grand_totals.total_jpy, 0))::double
        as cumulative_share_of_total,
    case
        when
            lag(commodities.period_start) over yoy = commodities.period_start - interval 1 year
            and lag(commodities.months_covered) over yoy = commodities.months_covered
            then commodities.value_jpy / nullif(lag(commodities.value_jpy) over yoy, 0) - 1
    end::double as yoy_growth
from commodities
inner join grand_totals using (period_label, frequency, partner_iso3, flow)
window
    same_level as (
        partition by
            commodities.period_label, commodities.frequency, commodities.partner_iso3, commodities.flow,
            commodities.product_level
        order by commodities.value_jpy desc, commodities.product_code asc
        -- the frame in the window itself: Spark cannot add one to a named window at its use
        rows between unbounded preceding and current row
    ),
    yoy as (
        partition by commodities.frequency, commodities.partner_iso3, commodities.flow, commodities.product_code
        order by commodities.period_start
    )
qualify {{ years_replaced }}
order by
    commodities.partner_iso3 asc, commodities.flow asc, commodities.period_start asc, commodities.product_level asc,
    commodities.value_jpy desc
