-- Japan's trade with each partner group, by source, product and flow: a partner counts for a period only if it
-- was a member on some day of that period (macro valid_during).
-- members_in_group counts the members of the period; partner_count those with a figure in the source, so a total
-- that misses members (Japan's customs tables list 55 countries) says so.
with members as (
    select * from {{ ref('country_group_members') }}
),

trade as (
    select * from {{ ref('bilateral_trade') }}
    where
        reporter_iso3 = 'JPN'
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
),

summed as (
    select
        trade.period_label,
        trade.period_start,
        trade.period_end,
        trade.frequency,
        trade.source,
        members.group_code,
        trade.classification,
        trade.product_code,
        any_value(trade.hs_code) as hs_code,
        trade.flow,
        min(trade.months_covered) as months_covered,
        sum(trade.value_usd) as value_usd,
        sum(trade.value_jpy) as value_jpy,
        sum(trade.value_usd_real) as value_usd_real,
        count(distinct trade.partner_iso3) as partner_count,
        {{ sorted_string_agg('trade.partner_iso3', ',') }} as partners
    from trade
    inner join members
        on
            trade.partner_iso3 = members.partner_iso3
            and {{ valid_during('members', 'trade.period_start', 'trade.period_end') }}
    group by all
)

select
    summed.period_label::string as period_label,
    summed.period_start::date as period_start,
    summed.frequency::string as frequency,
    summed.source::string as source,
    summed.group_code::string as group_code,
    summed.classification::string as classification,
    summed.product_code::string as product_code,
    summed.hs_code::string as hs_code,
    summed.flow::string as flow,
    summed.months_covered::integer as months_covered,
    summed.value_usd::double as value_usd,
    summed.value_jpy::double as value_jpy,
    summed.value_usd_real::double as value_usd_real,
    summed.partner_count::integer as partner_count,
    (
        select count(distinct m.partner_iso3)
        from members as m
        where
            m.group_code = summed.group_code
            and {{ valid_during('m', 'summed.period_start', 'summed.period_end') }}
    )::integer as members_in_group,
    summed.partners::string as partners
from summed
