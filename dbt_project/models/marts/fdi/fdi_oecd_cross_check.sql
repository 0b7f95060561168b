-- The OECD's FDI statistics against the warehouse's other sources, in US dollars million, with the gap (OECD less
-- the other source). Two comparisons: (1) Japan's positions by partner, all activities, against the IMF's DIP;
-- (2) Japan's flows with the world by sector (the OECD's activities rolled up by fdi_industry_sectors) against the
-- Ministry of Finance's World column split by sector (fdi_sector_split_by_region, converted at the year's mean rate).
-- Both sides keep their own basis (the OECD: directional principle; the IMF: assets less liabilities; the Ministry:
-- its 22 industries), so a gap is information, not an error. A cell either side lacks stays a row with a null gap.
with oecd_latest as (
    select *
    from {{ ref('stg_oecd__fdi_by_partner_industry') }}
    {{ newest_vintage(['dataflow_id', 'direction', 'measure', 'oecd_counterpart_code', 'oecd_activity_code', 'year']) }}
),

oecd_by_partner as (
    select
        oecd.year,
        oecd.direction,
        oecd.measure,
        codes.partner_iso3,
        'total' as sector,
        oecd.value_usd_mn,
        oecd.value_status,
        (oecd.value_status = 'reported')::integer as oecd_cells_reported,
        (oecd.value_status = 'confidential')::integer as oecd_cells_confidential
    from oecd_latest as oecd
    inner join {{ ref('oecd_fdi_codes') }} as codes
        on codes.code_list = 'COUNTERPART_AREA' and oecd.oecd_counterpart_code = codes.oecd_code
    where oecd.dataflow_id = 'DF_FDI_POS_CTRY' and codes.partner_iso3 <> 'WLD'
),

oecd_by_sector as (
    select
        oecd.year,
        oecd.direction,
        oecd.measure,
        'WLD' as partner_iso3,
        industries.sector,
        sum(oecd.value_usd_mn) as value_usd_mn,
        case when count(*) filter (where oecd.value_status = 'reported') = 0 then 'not_available' else 'reported' end
            as value_status,
        count(*) filter (where oecd.value_status = 'reported') as oecd_cells_reported,
        count(*) filter (where oecd.value_status = 'confidential') as oecd_cells_confidential
    from oecd_latest as oecd
    inner join {{ ref('oecd_fdi_codes') }} as codes
        on codes.code_list = 'ACTIVITY' and oecd.oecd_activity_code = codes.oecd_code
    inner join {{ ref('fdi_industry_sectors') }} as industries on codes.industry_code = industries.industry_code
    where oecd.dataflow_id = 'DF_FDI_FLOW_IND'
    group by all
),

imf_positions as (
    select
        year,
        direction,
        partner_iso3,
        value_usd / 1e6 as value_usd_mn
    from {{ ref('int_fdi__latest_positions') }}
    where source = 'imf' and industry_code = '_T' and measure = 'position'
),

mof_world_flows as (
    select
        year,
        direction,
        sector,
        value_usd / 1e6 as value_usd_mn
    from {{ ref('fdi_sector_split_by_region') }}
    where region_code = 'WLD' and measure = 'flow' and sector in ('total', 'primary', 'manufacturing', 'services')
),

-- Joined on, not using, the keys: Spark expands `partners.*` of a `using` join with the keys first, and a union pairs
-- columns by position.
compared as (
    select
        partners.*,
        'imf' as compared_source,
        imf.value_usd_mn as compared_value_usd_mn
    from oecd_by_partner as partners
    left join imf_positions as imf
        on partners.year = imf.year and partners.direction = imf.direction and partners.partner_iso3 = imf.partner_iso3
    union all
    select
        sectors.*,
        'mof' as compared_source,
        mof.value_usd_mn as compared_value_usd_mn
    from oecd_by_sector as sectors
    left join mof_world_flows as mof
        on sectors.year = mof.year and sectors.direction = mof.direction and sectors.sector = mof.sector
)

select
    year::integer as year,
    direction::string as direction,
    measure::string as measure,
    partner_iso3::string as partner_iso3,
    sector::string as sector,
    value_usd_mn::double as oecd_value_usd_mn,
    value_status::string as oecd_value_status,
    oecd_cells_reported::integer as oecd_cells_reported,
    oecd_cells_confidential::integer as oecd_cells_confidential,
    compared_source::string as compared_source,
    compared_value_usd_mn::double as compared_value_usd_mn,
    (value_usd_mn - compared_value_usd_mn)::double as gap_usd_mn,
    ((value_usd_mn - compared_value_usd_mn) / nullif(abs(compared_value_usd_mn), 0))::double as gap_share_of_compared
from compared
