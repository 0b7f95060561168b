select * from marts.trade_shares
