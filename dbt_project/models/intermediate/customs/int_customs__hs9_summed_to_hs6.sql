-- Japan's customs figures by 9-digit statistical code summed to HS subheadings (the first six digits), the latest
-- vintage of each month: the three national digits are Japan's own, HS6 is what compares with other reporters'
-- figures and with dim_product. Areas dim_country does not know are left out here (staging keeps them and warns).
-- A month's codes can come from several pages of one answer: provenance columns then list every payload.
with latest as (
    select *
    from {{ ref('stg_estat__trade_hs9_country') }}
    where partner_iso3 is not null
    {{ newest_vintage(['flow', 'area_code', 'hs9_code', 'period_label']) }}
)

select
    flow,
    partner_iso3,
    hs6_code,
    frequency,
    period_label,
    period_start,
    period_end,
    sum(value_jpy) as value_jpy,
    max(vintage) as vintage,
    max(retrieved_at) as retrieved_at,
    {{ sorted_string_agg('source_url', ' ') }} as source_url,
    {{ sorted_string_agg('payload_sha256', ',') }} as payload_sha256
from latest
group by all
