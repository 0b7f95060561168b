-- Japan's trade with each partner group: a partner counts for a period only if it was a member on some day of
-- that period (valid_from <= period end and valid_to, if any, >= period start).
select
    trade.period_label::varchar as period_label,
    trade.period_start::date as period_start,
    trade.frequency::varchar as frequency,
    members.group_code::varchar as group_code,
    trade.hs_code::varchar as hs_code,
    trade.flow::varchar as flow,
    sum(trade.value_usd)::double as value_usd,
    sum(trade.value_jpy)::double as value_jpy,
    sum(trade.value_usd_real)::double as value_usd_real,
    count(distinct trade.partner_iso3)::integer as partner_count,
    string_agg(distinct trade.partner_iso3, ',' order by trade.partner_iso3)::varchar as partners
from {{ ref('bilateral_trade') }} as trade
inner join {{ ref('country_group_members') }} as members
    on trade.partner_iso3 = members.partner_iso3
    and members.valid_from <= trade.period_end
    and (members.valid_to is null or members.valid_to >= trade.period_start)
where trade.reporter_iso3 = 'JPN'
group by all
