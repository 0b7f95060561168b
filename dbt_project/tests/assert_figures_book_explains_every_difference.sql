-- Every published figure of the figures book is matched within its tolerance, or the seed explains why not (a
-- revision, a preliminary figure, a different basis, a measure the warehouse cannot compute yet): a silent difference
-- or a silent gap fails the build. The failing figures are kept in audit.assert_figures_book_explains_every_difference
-- (store_failures), so the build names them.
{{ config(store_failures=true, schema='audit') }}
select
    figure_id,
    published_value,
    warehouse_value,
    status
from {{ ref('figures_book_checks') }}
where status = 'differs' or (status = 'not computable' and explanation is null)
