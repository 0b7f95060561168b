{#
    The period interface between Dagster and dbt. A run for a range of years (Dagster's year partitions) passes the
    dbt vars refresh_first_year and refresh_last_year, integers, both or neither (declared null in dbt_project.yml):
    the trade marts then replace only the periods of those years, plus the year after where a growth rate compares
    with them, and their tests read only those years. Without the vars the predicate is `true`: a full build.

    in_refreshed_years('year(period_start)') is true for a row of a refreshed year; years_before and years_after widen
    the range (a growth rate of the year after reads the refreshed year; one of a refreshed year reads the year
    before).
#}
{% macro in_refreshed_years(year_expression, years_before=0, years_after=0) -%}
    {%- set first_year = var('refresh_first_year') -%}
    {%- set last_year = var('refresh_last_year') -%}
    {%- if first_year is none and last_year is none -%}
        true
    {%- elif first_year is not integer or last_year is not integer or first_year > last_year -%}
        {{ exceptions.raise_compiler_error(
            'refresh_first_year and refresh_last_year must be two integers, first <= last (got '
            ~ first_year ~ ', ' ~ last_year ~ ')') }}
    {%- else -%}
        {{ year_expression }} between {{ first_year - years_before }} and {{ last_year + years_after }}
    {%- endif -%}
{%- endmacro %}

{#
    dbt's `where` config cannot call a project macro; dbt's documented way is to override get_where_subquery (dbt
    looks here first: dispatch in dbt_project.yml). The trade marts' tests name the rule in dbt_project.yml
    (`+where: period_label_in_refreshed_years`) and it is filled in here; any other `where` is used as written.
    Without the vars a test reads the whole table, as before. The row counts per period (macros/tests/
    period_row_counts.sql) always read the whole mart: they compare every period with the seed, and name the mart.
#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where == 'period_label_in_refreshed_years' -%}
        {%- set counts_rows_per_period = model.test_metadata.name in
            ['closed_periods_keep_their_rows', 'closed_period_row_counts_unchanged'] -%}
        {%- set refreshing = var('refresh_first_year') is not none or var('refresh_last_year') is not none -%}
        {%- set where = in_refreshed_years('cast(substr(period_label, 1, 4) as integer)')
            if refreshing and not counts_rows_per_period else none -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
