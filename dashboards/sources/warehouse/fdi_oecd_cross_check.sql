select * from marts.fdi_oecd_cross_check
