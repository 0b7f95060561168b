-- Sector shares of Japan's direct-investment position in each partner group (country_group_members, time-varying:
-- a partner counts for a year when it is a member on 31 December of that year). share_of_group divides a sector's
-- value by the group's all-industries (_T) value; partners with confidential cells are counted, not summed.
with members as (
    select
        positions.*,
        groups.group_code
    from {{ ref('fdi_by_sector') }} as positions
    inner join {{ ref('country_group_members') }} as groups
        on positions.partner_iso3 = groups.partner_iso3
        and groups.valid_from <= positions.period_end
        and (groups.valid_to is null or groups.valid_to >= positions.period_end)
),

by_sector as (
    select
        group_code,
        year,
        direction,
        measure,
        sector,
        sum(value_usd) as value_usd,
        count(*) filter (where value_status = 'reported') as partners_reported,
        count(*) filter (where value_status = 'confidential') as partners_confidential,
        count(*) filter (where value_status = 'missing') as partners_missing
    from members
    group by group_code, year, direction, measure, sector
)

select
    by_sector.group_code::varchar as group_code,
    by_sector.year::integer as year,
    by_sector.direction::varchar as direction,
    by_sector.measure::varchar as measure,
    by_sector.sector::varchar as sector,
    by_sector.value_usd::double as value_usd,
    (by_sector.value_usd / nullif(group_total.value_usd, 0))::double as share_of_group,
    by_sector.partners_reported::integer as partners_reported,
    by_sector.partners_confidential::integer as partners_confidential,
    by_sector.partners_missing::integer as partners_missing
from by_sector
left join by_sector as group_total
    on by_sector.group_code = group_total.group_code
    and by_sector.year = group_total.year
    and by_sector.direction = group_total.direction
    and by_sector.measure = group_total.measure
    and group_total.sector = 'total'
