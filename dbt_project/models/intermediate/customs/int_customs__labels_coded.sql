-- Customs figures on the warehouse's codes: e-Stat's area labels to partner ISO3 codes and the Ministry's commodity
-- labels to group codes with their hierarchy (seeds estat_trade_area_labels, customs_principal_commodities).
-- months_covered counts the months of the period in which both the area and the group were reported (Viet Nam's
-- exports from April 2017; groups introduced or dropped in April 2017): a year is partial below 12.
with figures as (
    select * from {{ ref('int_customs__latest_vintages_selected') }}
),

commodity_groups as (
    select * from {{ ref('customs_principal_commodities') }}
),

-- When a label was reported at all, whatever its parent.
label_validity as (
    select
        flow,
        commodity_label,
        min(valid_from) as reported_from,
        case when count(*) filter (where valid_to is null) = 0 then max(valid_to) end as reported_to
    from commodity_groups
    group by flow, commodity_label
),

coded as (
    select
        figures.*,
        areas.partner_iso3,
        commodity_groups.commodity_code,
        commodity_groups.commodity_name,
        commodity_groups.parent_code,
        commodity_groups.hierarchy_level,
        greatest(
            figures.period_start,
            label_validity.reported_from,
            coalesce(area_reporting.reported_from, figures.period_start)
        ) as covered_from,
        least(
            figures.period_end,
            coalesce(label_validity.reported_to, figures.period_end),
            coalesce(area_reporting.reported_to, figures.period_end)
        ) as covered_to
    from figures
    inner join {{ ref('estat_trade_area_labels') }} as areas on figures.area_label = areas.area_label
    inner join label_validity
        on figures.flow = label_validity.flow and figures.commodity_label = label_validity.commodity_label
    -- A group that moved under another parent has one seed row per parent: the latest one the period overlaps.
    inner join commodity_groups
        on
            figures.flow = commodity_groups.flow
            and figures.commodity_label = commodity_groups.commodity_label
            and {{ valid_during('commodity_groups', 'figures.period_start', 'figures.period_end') }}
    left join {{ ref('customs_area_reporting') }} as area_reporting
        on figures.flow = area_reporting.flow and figures.area_label = area_reporting.area_label
    qualify row_number() over (
        partition by figures.flow, figures.area_label, figures.commodity_label, figures.frequency, figures.period_label
        order by commodity_groups.valid_from desc
    ) = 1
)

select
    {{ star_except(['covered_from', 'covered_to']) }},
    -- calendar months from covered_from's to covered_to's, both counted
    greatest(0, (year(covered_to) - year(covered_from)) * 12 + month(covered_to) - month(covered_from) + 1)::integer
        as months_covered
from coded
