select * from marts.fdi_top_partners
