select * from marts.bop_japan_releases
