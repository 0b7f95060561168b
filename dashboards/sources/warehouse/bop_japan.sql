select * from marts.bop_japan
