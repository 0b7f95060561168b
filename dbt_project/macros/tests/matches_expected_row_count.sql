{# The model's row count equals its entry in seeds/expected_row_counts.csv: a data change then shows up as a
   reviewed diff of that seed (regenerate it with `make row-counts`), as PUDL does. #}
{% test matches_expected_row_count(model) %}
with actual as (
    select count(*) as row_count from {{ model }}
),

expected as (
    select row_count from {{ ref('expected_row_counts') }} where model = '{{ model.name }}'
)

select actual.row_count, expected.row_count as expected_row_count
from actual
full outer join expected on true
where actual.row_count is distinct from expected.row_count
{% endtest %}
