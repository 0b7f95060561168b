-- Current account = goods + services + primary income + secondary income, and
-- current + capital - financial + errors and omissions = 0, wherever every term is published.
-- Tolerance: BOJ publishes 100-million-yen figures to 4+ decimals, but the snapshot's months 2015-2026 come from a
-- copy rounded to 1 billion yen (each term within 5 of the published figure): 30 (100m yen) a month, 360 a year of
-- twelve summed months, absorbs those roundings and the IMF's 0.5 million USD its separately rounded components, but
-- not a missing or mis-scaled term. Terms are compared within one vintage: bop_japan keeps each Ministry of Finance
-- figure from the newest release that states it, so one year's terms may come from different releases; each release
-- (bop_japan_releases) is checked on its own.
-- Reported on bop_japan's checks in Dagster (the test reads two marts).
{{ config(meta={'dagster': {'ref': {'name': 'bop_japan'}}}) }}
with figures as (
    select
        period_label,
        frequency,
        source,
        vintage,
        bop_item_code,
        value_jpy_100m,
        value_usd
    from {{ ref('bop_japan') }}
    union all
    select
        period_label,
        frequency,
        'mof_release',
        release_date,
        item_code,
        value_jpy_100m,
        null
    from {{ ref('bop_japan_releases') }}
    where table_code = 's-1'
),

pivoted as (
    select
        period_label,
        frequency,
        source,
        vintage,
        max(case when bop_item_code = 'CAB' then value_jpy_100m end) as ca_jpy,
        max(case when bop_item_code = 'G' then value_jpy_100m end) as g_jpy,
        max(case when bop_item_code = 'S' then value_jpy_100m end) as s_jpy,
        max(case when bop_item_code = 'IN1' then value_jpy_100m end) as in1_jpy,
        max(case when bop_item_code = 'IN2' then value_jpy_100m end) as in2_jpy,
        max(case when bop_item_code = 'KAB' then value_jpy_100m end) as ka_jpy,
        max(case when bop_item_code = 'FAB' then value_jpy_100m end) as fa_jpy,
        max(case when bop_item_code = 'EO' then value_jpy_100m end) as eo_jpy,
        max(case when bop_item_code = 'CAB' then value_usd end) as ca_usd,
        max(case when bop_item_code = 'G' then value_usd end) as g_usd,
        max(case when bop_item_code = 'S' then value_usd end) as s_usd,
        max(case when bop_item_code = 'IN1' then value_usd end) as in1_usd,
        max(case when bop_item_code = 'IN2' then value_usd end) as in2_usd
    from figures
    group by period_label, frequency, source, vintage
)

select
    *,
    'current account components' as failed_identity
from pivoted
where
    abs(ca_jpy - (g_jpy + s_jpy + in1_jpy + in2_jpy)) > case frequency when 'month' then 30 else 360 end
    -- Converted dollars hold the identity whenever the yen do (one rate multiplies every term): checked as reported.
    or (source = 'imf' and abs(ca_usd - (g_usd + s_usd + in1_usd + in2_usd)) > 0.5e6)
union all
select
    *,
    'overall balance' as failed_identity
from pivoted
-- The Ministry's tables round each figure to 100 million yen on its own: four terms may miss by a few units.
where abs(ca_jpy + ka_jpy - fa_jpy + eo_jpy) > case when source in ('mof', 'mof_release') then 3 else 0.5 end
