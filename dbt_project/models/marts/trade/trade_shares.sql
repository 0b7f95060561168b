{%- set years_read = in_refreshed_years('year(period_start)', years_before=1, years_after=1)
    if is_incremental() else 'true' %}
{%- set years_replaced = in_refreshed_years('year(period_start)', years_after=1) if is_incremental() else 'true' %}
-- Shares and growth of the HS detail (UN Comtrade) without window functions for users: each product's share of the
-- reporter-partner-flow total at its HS level with the cumulative share (largest first), each partner's share of the
-- reporter's trade in the product (partners summed, World excluded), and year-on-year growth (months against the same
-- month a year before). A run for some years replaces them and the year after (its growth compares with them),
-- reading the year before.
with trade as (
    select * from {{ ref('bilateral_trade') }}
    where
        partner_iso3 <> 'WLD' and source = 'comtrade'
        and {{ years_read }}
),

shares as (
    select
        period_label,
        frequency,
        reporter_iso3,
        partner_iso3,
        hs_code,
        hs_level,
        flow,
        period_start,
        value_usd,
        value_usd / sum(value_usd) over same_level as product_share,
        sum(value_usd) over (
            partition by period_label, frequency, reporter_iso3, partner_iso3, flow, hs_level
            order by value_usd desc, hs_code asc rows between unbounded preceding and current row
        ) / sum(value_usd) over same_level as cumulative_product_share,
        value_usd / sum(value_usd) over (partition by period_label, frequency, reporter_iso3, hs_code, flow)
            as partner_share,
        case
            when
                lag(period_start) over yoy = period_start - interval 1 year
                then value_usd / lag(value_usd) over yoy - 1
        end as yoy_growth
    from trade
    window
        same_level as (partition by period_label, frequency, reporter_iso3, partner_iso3, flow, hs_level),
        yoy as (partition by frequency, reporter_iso3, partner_iso3, hs_code, flow order by period_start)
)

select * from shares
where {{ years_replaced }}
-- Stored in period, then product order: a dashboard's filter on one period and partner, or on one product over the
-- years, reads only the row groups holding it (DuckDB's zone maps).
order by reporter_iso3, frequency, period_start, hs_code, partner_iso3, flow
