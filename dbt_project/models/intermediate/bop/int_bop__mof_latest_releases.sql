-- The Ministry of Finance's table s-1 by calendar year, fiscal year and month: the newest release's figure of each item
-- and period, with the release's own status; US dollars at the month's Federal Reserve rate, or at the mean of the
-- year's monthly rates.
with stated as (
    select * from {{ ref('stg_mof__bop_summary_annual') }}
    union all
    select * from {{ ref('stg_mof__bop_summary_monthly') }}
),

latest as (
    {{ latest_published_figure('stated', 'bop_item_code') }}
),

rates as (
    select
        frequency,
        period_start,
        jpy_per_usd,
        fx_basis
    from {{ ref('int_fx__jpy_per_usd_by_year') }}
    union all
    select
        frequency,
        period_start,
        jpy_per_usd,
        fx_basis
    from {{ ref('int_fx__jpy_per_usd_by_period') }}
    where frequency = 'month' and fx_basis = 'fed_h10_monthly_average'
)

select
    latest.bop_item_code,
    latest.period_start,
    latest.period_end,
    latest.frequency,
    latest.value_jpy_100m,
    latest.value_jpy_100m * 1e8 / fx.jpy_per_usd as value_usd,
    case when fx.jpy_per_usd is not null then fx.fx_basis end as fx_basis,
    'mof' as source,
    'table s-1' as source_series_code,
    'reported' as derivation,
    latest.vintage,
    latest.retrieved_at,
    latest.source_url,
    latest.payload_sha256,
    latest.release_status
from latest
left join rates as fx on latest.frequency = fx.frequency and latest.period_start = fx.period_start
