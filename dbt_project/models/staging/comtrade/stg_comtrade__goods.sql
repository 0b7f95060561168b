-- UN Comtrade goods records, every validated vintage, on the warehouse's codes: ISO3 countries, flow words, periods.
with validated as (
    {{ validated_rows('comtrade', 'goods') }}
)

select
    case validated.freq_code when 'A' then 'year' else 'month' end as frequency,
    case validated.freq_code
        when 'A' then validated.period
        else substr(validated.period, 1, 4) || '-' || substr(validated.period, 5, 2)
    end as period_label,
    case validated.freq_code
        when 'A' then make_date(validated.period::integer, 1, 1)
        else make_date(substr(validated.period, 1, 4)::integer, substr(validated.period, 5, 2)::integer, 1)
    end as period_start,
    case validated.freq_code
        when 'A' then make_date(validated.period::integer, 12, 31)
        else last_day(make_date(substr(validated.period, 1, 4)::integer, substr(validated.period, 5, 2)::integer, 1))
    end as period_end,
    reporter.iso3 as reporter_iso3,
    partner.iso3 as partner_iso3,
    validated.cmd_code as hs_code,
    case when validated.cmd_code = 'TOTAL' then 0 else length(validated.cmd_code) end as hs_level,
    case validated.flow_code when 'X' then 'export' else 'import' end as flow,
    validated.primary_value as value_usd,
    validated.fob_value as fob_value_usd,
    validated.cif_value as cif_value_usd,
    validated.net_wgt as net_weight_kg,
    validated.is_reported,
    validated.vintage,
    validated.retrieved_at,
    validated.source_url,
    validated.payload_sha256
from validated
inner join {{ ref('dim_country') }} as reporter on validated.reporter_code = reporter.comtrade_code
inner join {{ ref('dim_country') }} as partner on validated.partner_code = partner.comtrade_code
where validated.partner2_code = 0 and validated.customs_code = 'C00' and validated.mot_code = 0
