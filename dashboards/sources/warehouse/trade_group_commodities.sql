-- Japan's customs-basis trade with each partner group by principal commodity group (the Ministry's top level), years.
select groups.period_label, groups.period_start, groups.group_code, groups.flow, groups.months_covered,
       groups.product_code as commodity_code, names.commodity_name, groups.value_usd, groups.value_jpy,
       groups.partner_count, groups.members_in_group, groups.partners
from marts.trade_by_partner_group as groups
join reference.customs_principal_commodities as names
  on names.flow = groups.flow and names.commodity_code = groups.product_code and names.hierarchy_level = 1
where groups.classification = 'MOF_PC' and groups.source = 'customs' and groups.frequency = 'year'
