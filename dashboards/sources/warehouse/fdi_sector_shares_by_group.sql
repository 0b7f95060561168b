select * from marts.fdi_sector_shares_by_group
