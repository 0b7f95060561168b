-- Sector shares of Japan's direct-investment position in each partner group (country_group_members, time-varying:
-- a position is a stock at the year's end, so a partner counts when it is a member on 31 December). share_of_group
-- divides a sector's value by the group's all-industries (_T) value; partners with confidential cells are counted,
-- not summed; partners_missing counts the members of that day without a figure, whether the source sent a row or not.
with members as (
    select
        positions.*,
        memberships.group_code
    from {{ ref('fdi_by_sector') }} as positions
    inner join {{ ref('country_group_members') }} as memberships
        on
            positions.partner_iso3 = memberships.partner_iso3
            and {{ valid_during('memberships', 'positions.period_end', 'positions.period_end') }}
),

year_ends as (
    select distinct
        year,
        period_end
    from {{ ref('fdi_by_sector') }}
),

group_sizes as (
    select
        memberships.group_code,
        year_ends.year,
        count(distinct memberships.partner_iso3) as members_in_group
    from year_ends
    inner join {{ ref('country_group_members') }} as memberships
        on {{ valid_during('memberships', 'year_ends.period_end', 'year_ends.period_end') }}
    group by memberships.group_code, year_ends.year
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
        count(*) filter (where value_status = 'confidential') as partners_confidential
    from members
    group by group_code, year, direction, measure, sector
)

select
    by_sector.group_code::string as group_code,
    by_sector.year::integer as year,
    by_sector.direction::string as direction,
    by_sector.measure::string as measure,
    by_sector.sector::string as sector,
    by_sector.value_usd::double as value_usd,
    (by_sector.value_usd / nullif(group_total.value_usd, 0))::double as share_of_group,
    by_sector.partners_reported::integer as partners_reported,
    by_sector.partners_confidential::integer as partners_confidential,
    (group_sizes.members_in_group - by_sector.partners_reported - by_sector.partners_confidential)::integer
        as partners_missing,
    group_sizes.members_in_group::integer as members_in_group
from by_sector
inner join group_sizes on by_sector.group_code = group_sizes.group_code and by_sector.year = group_sizes.year
left join by_sector as group_total
    on
        by_sector.group_code = group_total.group_code
        and by_sector.year = group_total.year
        and by_sector.direction = group_total.direction
        and by_sector.measure = group_total.measure
        and group_total.sector = 'total'
