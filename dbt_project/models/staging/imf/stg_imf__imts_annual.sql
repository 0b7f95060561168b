-- IMF IMTS, Japan's goods trade by partner, every validated vintage, in the shape of the Comtrade staging model
-- (all goods, HS TOTAL). IMF area aggregates other than the world (G001) are left out: the warehouse sums its own
-- groups from their members.
with validated as (
    {{ validated_rows('imf', 'imts_annual') }}
)

select
    'imts' as source,
    'year' as frequency,
    time_period as period_label,
    make_date(time_period::integer, 1, 1) as period_start,
    make_date(time_period::integer, 12, 31) as period_end,
    country_iso3 as reporter_iso3,
    case counterpart_code when 'G001' then 'WLD' else counterpart_code end as partner_iso3,
    'TOTAL' as hs_code,
    0 as hs_level,
    case indicator_code when 'XG_FOB_USD' then 'export' else 'import' end as flow,
    obs_value as value_usd,
    case indicator_code when 'XG_FOB_USD' then obs_value end as fob_value_usd,
    case indicator_code when 'MG_CIF_USD' then obs_value end as cif_value_usd,
    null::double as net_weight_kg,
    vintage,
    retrieved_at,
    source_url,
    payload_sha256
from validated
where frequency = 'A' and obs_value is not null and (counterpart_code = 'G001' or counterpart_code not like 'G%')
