-- Japan's trade with each partner, all products (HS TOTAL or the customs GRAND TOTAL) only.
select period_label, period_start, frequency, reporter_iso3, partner_iso3, flow, value_usd, value_jpy, value_usd_real,
       months_covered, is_partial_period, source, vintage, source_url, retrieved_at
from marts.bilateral_trade
where hs_code = 'TOTAL'
