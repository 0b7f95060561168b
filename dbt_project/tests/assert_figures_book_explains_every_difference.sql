-- Every published figure of the figures book is matched within its tolerance, explained (a revision, a preliminary
-- figure, a different basis) or declared not computable with the reason: a silent difference fails the build, and so
-- does a figure the book lists without a way to compute it.
select figure_id, published_value, warehouse_value, status
from {{ ref('figures_book_checks') }}
where status = 'differs' or status = 'not computable: no warehouse value'
