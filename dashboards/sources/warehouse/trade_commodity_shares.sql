-- Japan's customs-basis trade by principal commodity group, years, the two top levels (the site's charts need no
-- more), with the group's name.
select shares.*, names.commodity_name
from marts.trade_commodity_shares as shares
left join (
    select distinct flow, commodity_code, commodity_name from reference.customs_principal_commodities
) as names using (flow, commodity_code)
where shares.frequency = 'year' and shares.hierarchy_level <= 2
