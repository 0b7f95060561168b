{# The newest published figure of each item and period across every vintage of an annual table: a later release
   that leaves a cell empty does not erase what an earlier one stated. #}
{% macro latest_published_figure(relation, item_column) -%}
select *
from {{ relation }}
where cell_status = 'published'
{{ newest_vintage([item_column, 'frequency', 'period_start']) }}
{%- endmacro %}
