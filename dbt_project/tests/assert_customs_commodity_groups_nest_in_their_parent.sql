-- The Ministry's principal commodity groups nest: a group's children never add up to more than the group, and the
-- top-level groups add up to GRAND TOTAL (within 0.1%, the groups being rounded separately). A failing row means
-- the hierarchy in seed customs_principal_commodities is wrong or a figure was misread. Only figures covering the
-- same months are compared (in 2017 some groups moved or began in April).
with figures as (
    select *
    from {{ ref('bilateral_trade') }}
    where source = 'customs' and classification = 'MOF_PC' and frequency = 'year'
),

children as (
    select
        period_label,
        partner_iso3,
        flow,
        parent_product_code,
        sum(value_jpy) as children_jpy,
        count(*) as children,
        min(months_covered) as min_months,
        max(months_covered) as max_months
    from figures
    where parent_product_code is not null
    group by all
)

select
    children.*,
    parents.value_jpy as parent_jpy
from children
inner join figures as parents
    on
        children.period_label = parents.period_label
        and children.partner_iso3 = parents.partner_iso3
        and children.flow = parents.flow
        and children.parent_product_code = parents.product_code
where
    children.min_months = parents.months_covered and children.max_months = parents.months_covered
    and (
        children.children_jpy > parents.value_jpy * 1.000001 + 1000
        or (
            children.parent_product_code = 'grand_total' and parents.months_covered = 12
            and abs(children.children_jpy - parents.value_jpy) > 0.001 * parents.value_jpy
        )
    )
