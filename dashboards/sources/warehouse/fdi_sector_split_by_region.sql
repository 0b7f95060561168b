select * from marts.fdi_sector_split_by_region
