-- Every EBOPS category except the root S has a parent one level up; S alone sits at level 0.
select
    child.ebops_code,
    child.parent_code,
    child.hierarchy_level,
    parent.hierarchy_level as parent_level
from {{ ref('ebops_categories') }} as child
left join {{ ref('ebops_categories') }} as parent on child.parent_code = parent.ebops_code
where
    (child.ebops_code = 'S' and (child.parent_code is not null or child.hierarchy_level <> 0))
    or (child.ebops_code <> 'S' and (parent.ebops_code is null or child.hierarchy_level <> parent.hierarchy_level + 1))
