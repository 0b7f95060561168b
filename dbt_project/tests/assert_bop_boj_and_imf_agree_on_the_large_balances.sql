-- The BOJ's and the IMF's figures are the same statistics in two currencies and vintages: on the current account
-- and primary income (Japan's large balances) they agree within 1% a year (the snapshot's years: 0.4% at most, from
-- exchange-rate basis and revisions). A wider gap means a unit change, a missing month or a mis-mapped series.
select *
from {{ ref('bop_japan_reconciliation') }}
where bop_item_code in ('CAB', 'IN1') and abs(gap_share_of_imf) > 0.01
