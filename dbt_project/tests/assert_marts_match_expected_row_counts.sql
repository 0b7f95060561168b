-- Each public mart's row count equals the count kept in seeds/expected_row_counts.csv: a data change must show
-- up as a reviewed diff of that seed (regenerate with `make row-counts`).
with actual as (
    select 'bop_japan' as model, count(*) as row_count from {{ ref('bop_japan') }}
)

select actual.model, actual.row_count, expected.row_count as expected_row_count
from actual
full outer join {{ ref('expected_row_counts') }} as expected on actual.model = expected.model
where actual.row_count is distinct from expected.row_count
