{# Row counts per period, as PUDL counts rows per partition: seeds/expected_row_counts.csv holds each mart's rows per
   period (regenerate it with `make row-counts` and review the diff). A period not in the seed (a new month or year)
   may appear freely. A period in it must keep its rows: fewer fails the build (figures were lost), more is
   reported as a warning (a release revised a closed period: see marts.revisions), never fatal. #}
{% macro _period_row_counts(model, period_column) %}
with actual as (
    select coalesce(cast({{ period_column }} as string), '') as period, count(*) as row_count
    from {{ model }}
    group by 1
),

expected as (
    select period, row_count from {{ ref('expected_row_counts') }} where model = '{{ model.name }}'
)

select expected.period, expected.row_count as expected_row_count, coalesce(actual.row_count, 0) as row_count
from expected
left join actual on expected.period = actual.period
{% endmacro %}

{% test closed_periods_keep_their_rows(model, period_column='period_label') %}
{{ _period_row_counts(model, period_column) }}
where coalesce(actual.row_count, 0) < expected.row_count
{% endtest %}

{% test closed_period_row_counts_unchanged(model, period_column='period_label') %}
{{ config(severity='warn') }}
{{ _period_row_counts(model, period_column) }}
where actual.row_count > expected.row_count
{% endtest %}
