select * from marts.bop_japan_reconciliation
