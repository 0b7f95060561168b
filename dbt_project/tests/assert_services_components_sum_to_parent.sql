-- Where a category and all its components present in the hierarchy are loaded for a month, the components sum to
-- the category within the source's rounding (figures published in whole 100 million yen: 1 per component).
{{ config(meta={'dagster': {'ref': {'name': 'services_trade'}}}) }}
with months as (
    select * from {{ ref('services_trade') }}
    where frequency = 'month'
),

children as (
    select
        categories.parent_code,
        count(*) as defined_components
    from {{ ref('ebops_categories') }} as categories
    where categories.parent_code is not null
    group by categories.parent_code
),

sums as (
    select
        parent_code,
        period_label,
        sum(net_jpy_100m) as components_net,
        count(*) as loaded_components
    from months
    where parent_code is not null
    group by parent_code, period_label
)

select
    parent.ebops_code,
    parent.period_label,
    parent.net_jpy_100m,
    sums.components_net
from months as parent
inner join sums on parent.ebops_code = sums.parent_code and parent.period_label = sums.period_label
inner join children on parent.ebops_code = children.parent_code
where
    sums.loaded_components = children.defined_components
    and abs(parent.net_jpy_100m - sums.components_net) > sums.loaded_components
