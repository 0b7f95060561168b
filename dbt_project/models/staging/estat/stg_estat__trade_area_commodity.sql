-- Japan's customs-basis trade by area x principal commodity group, every validated vintage, as e-Stat's files
-- print it: one row per flow, area label, commodity label and period block. A block of one month is a month; a
-- cumulative block (months 1 to n) is the calendar year, complete when n = 12. Thousand yen become yen.
with validated as (
    {{ validated_rows('estat', 'trade_area_commodity') }}
)

select
    flow,
    area_label,
    commodity_label,
    case when month_from = month_to then 'month' else 'year' end as frequency,
    case
        when month_from = month_to then year::string || '-' || lpad(month_from::string, 2, '0')
        else year::string
    end as period_label,
    make_date(year::integer, month_from::integer, 1) as period_start,
    last_day(make_date(year::integer, month_to::integer, 1)) as period_end,
    (month_to - month_from + 1)::integer as months_in_block,
    value_jpy_1000 * 1000 as value_jpy,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
