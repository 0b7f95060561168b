-- Japan-reported flows against the partner's mirror flows: Japan's exports to P against P's imports from Japan,
-- Japan's imports from P against P's exports to Japan. gap = Japan-reported minus partner-reported. The CIF/FOB
-- ratio divides the CIF side (the importer's figure) by the FOB side (the exporter's figure).
with japan as (
    -- Japan's own customs figure where several sources have one, then Comtrade, then IMTS; partial years are not
    -- comparable.
    select *
    from {{ ref('bilateral_trade') }}
    where
        reporter_iso3 = 'JPN' and hs_code is not null and not is_partial_period
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
    qualify row_number() over (
        partition by period_label, frequency, partner_iso3, hs_code, flow
        order by case source when 'customs' then 0 when 'comtrade' then 1 else 2 end
    ) = 1
),

partner as (
    select
        {{ star_except(['reporter_iso3', 'partner_iso3', 'flow']) }},
        reporter_iso3 as partner_iso3,
        case flow when 'import' then 'export' else 'import' end as flow
    from {{ ref('bilateral_trade') }}
    where
        partner_iso3 = 'JPN' and reporter_iso3 <> 'JPN' and hs_code is not null and source = 'comtrade'
        and {{ in_refreshed_years('year(period_start)') if is_incremental() else 'true' }}
)

select
    coalesce(japan.period_label, partner.period_label)::string as period_label,
    coalesce(japan.frequency, partner.frequency)::string as frequency,
    coalesce(japan.partner_iso3, partner.partner_iso3)::string as partner_iso3,
    coalesce(japan.hs_code, partner.hs_code)::string as hs_code,
    coalesce(japan.flow, partner.flow)::string as japan_flow,
    japan.source::string as japan_source,
    japan.value_usd::double as japan_reported_usd,
    partner.value_usd::double as partner_reported_usd,
    (japan.value_usd - partner.value_usd)::double as gap_usd,
    case
        when coalesce(japan.flow, partner.flow) = 'import' then japan.value_usd / nullif(partner.value_usd, 0)
        else partner.value_usd / nullif(japan.value_usd, 0)
    end::double as cif_fob_ratio
from japan
full outer join partner
    on
        japan.period_label = partner.period_label
        and japan.frequency = partner.frequency
        and japan.partner_iso3 = partner.partner_iso3
        and japan.hs_code = partner.hs_code
        and japan.flow = partner.flow
