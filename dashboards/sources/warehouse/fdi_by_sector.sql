select * from marts.fdi_by_sector
