-- Japan's customs-basis trade by 9-digit statistical code x partner x month (e-Stat API, 品別国別表), every validated
-- vintage. Thousand yen become yen. The partner is the customs country code of e-Stat's area code, matched to
-- dim_country.customs_code; a left join keeps an area dim_country does not list yet (partner_iso3 null) rather
-- than dropping its trade.
with validated as (
    {{ validated_rows('estat', 'trade_hs9_country') }}
),

dated as (
    select
        *,
        make_date(substr(period, 1, 4)::integer, substr(period, 6, 2)::integer, 1) as month_start
    from validated
)

select
    'month' as frequency,
    dated.period as period_label,
    dated.month_start as period_start,
    last_day(dated.month_start) as period_end,
    dated.flow,
    dated.area_code,
    dated.customs_country_code,
    partner.iso3 as partner_iso3,
    dated.stat_code_9 as hs9_code,
    dated.hs6_code,
    dated.value_jpy_1000 * 1000 as value_jpy,
    dated.quantity_1,
    -- A quantity's unit belongs to the code and year; a page of the API can hold a code's months without its unit
    -- row (the row fell on the neighbouring page), so the unit is taken from any row of the same code and year.
    coalesce(
        dated.quantity_unit_1,
        max(dated.quantity_unit_1)
            over (partition by dated.flow, dated.stat_code_9, substr(dated.period, 1, 4), dated.vintage)
    ) as quantity_unit_1,
    dated.quantity_2,
    coalesce(
        dated.quantity_unit_2,
        max(dated.quantity_unit_2)
            over (partition by dated.flow, dated.stat_code_9, substr(dated.period, 1, 4), dated.vintage)
    ) as quantity_unit_2,
    dated.stats_data_id,
    dated.vintage,
    dated.retrieved_at,
    dated.source_url,
    dated.payload_sha256
from dated
left join {{ ref('dim_country') }} as partner
    on partner.customs_code::string = dated.customs_country_code
