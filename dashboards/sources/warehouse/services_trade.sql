select * from marts.services_trade
