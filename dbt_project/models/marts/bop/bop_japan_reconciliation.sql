-- Japan's balance of payments as the Bank of Japan and the IMF publish it, by calendar year in US dollars: the
-- BOJ's yen months at each month's Federal Reserve rate, summed, against the IMF's own dollars. gap_usd is BOJ minus
-- IMF; it mixes exchange-rate basis and revision vintage, both named in the row.
with years as (
    select * from {{ ref('bop_japan') }}
    where frequency = 'calendar_year' and value_usd is not null
)

select
    boj.period_label::string as period_label,
    boj.bop_item_code::string as bop_item_code,
    boj.bop_item_name::string as bop_item_name,
    boj.value_usd::double as boj_usd,
    imf.value_usd::double as imf_usd,
    (boj.value_usd - imf.value_usd)::double as gap_usd,
    ((boj.value_usd - imf.value_usd) / nullif(abs(imf.value_usd), 0))::double as gap_share_of_imf,
    boj.fx_basis::string as boj_fx_basis,
    boj.vintage::date as boj_vintage,
    imf.vintage::date as imf_vintage
from years as boj
inner join years as imf
    on boj.period_label = imf.period_label and boj.bop_item_code = imf.bop_item_code and imf.source = 'imf'
where boj.source = 'boj'
