-- Partner totals per period; the site reads the reported all-products TOTAL (hs_level 0) only.
select * from marts.trade_by_partner where hs_level = 0
