-- Members' shares of Japan's trade with their group, all goods, years (China inside RCEP, Brazil inside LAC ...).
select * from marts.trade_partner_shares_in_group where frequency = 'year'
