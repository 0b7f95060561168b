select * from marts.trade_by_partner_group
