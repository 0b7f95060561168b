-- Japan's customs-basis trade by principal commodity group, years, the two top levels (the site's charts need no more).
select * from marts.trade_commodity_shares where frequency = 'year' and hierarchy_level <= 2
