-- Japan's trade with each partner, all products (HS TOTAL) only: the site needs partner totals, not every HS6 row.
select period_label, period_start, frequency, reporter_iso3, partner_iso3, flow, value_usd, value_jpy, value_usd_real,
       source, vintage, source_url, retrieved_at
from marts.bilateral_trade
where hs_code = 'TOTAL'
