select * from marts.fdi_by_region_industry
