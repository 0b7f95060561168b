-- Group totals of all goods, per source (the site does not chart groups by product).
select * from marts.trade_by_partner_group where hs_code = 'TOTAL'
