select * from marts.bilateral_trade_mirror
