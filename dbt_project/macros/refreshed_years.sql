{#
    The period interface between Dagster and dbt. A run for a range of years (Dagster's year partitions) sets the
    environment variables JTDW_REFRESH_FIRST_YEAR and JTDW_REFRESH_LAST_YEAR, years, both or neither: the trade marts
    then replace only the periods of those years, plus the year after where a growth rate compares with them, and
    their tests read only those years. Without them the predicate is `true`: every period (Dagster's run of every year
    passes --full-refresh, which rebuilds the marts whole instead).

    They are read only when dbt executes (`execute`), never while it parses: dbt re-parses the whole project when its
    --vars change, and the files that read an environment variable when its value changes; read at execution, a run
    for another year reuses the saved parse (target/partial_parse.msgpack).

    in_refreshed_years('year(period_start)') is true for a row of a refreshed year; years_before and years_after widen
    the range (a growth rate of the year after reads the refreshed year; one of a refreshed year reads the year
    before).
#}
{% macro refreshed_years() -%}
    {%- set first_year = env_var('JTDW_REFRESH_FIRST_YEAR', '') if execute else '' -%}
    {%- set last_year = env_var('JTDW_REFRESH_LAST_YEAR', '') if execute else '' -%}
    {%- if first_year == '' and last_year == '' -%}
        {{ return(none) }}
    {%- elif not (first_year.isdigit() and last_year.isdigit() and first_year | int <= last_year | int) -%}
        {{ exceptions.raise_compiler_error(
            'JTDW_REFRESH_FIRST_YEAR and JTDW_REFRESH_LAST_YEAR must be two years, first <= last (got "'
            ~ first_year ~ '", "' ~ last_year ~ '")') }}
    {%- endif -%}
    {{ return([first_year | int, last_year | int]) }}
{%- endmacro %}

{% macro in_refreshed_years(year_expression, years_before=0, years_after=0) -%}
    {%- set years = refreshed_years() -%}
    {%- if years is none -%}
        true
    {%- else -%}
        {{ year_expression }} between {{ years[0] - years_before }} and {{ years[1] + years_after }}
    {%- endif -%}
{%- endmacro %}

{#
    Before a trade mart inserts a run's periods, the refreshed years' periods are deleted (a pre-hook of every trade
    mart, dbt_project.yml). delete+insert alone replaces only the periods the new rows carry, so a period that has
    left the sources since the last build (its only vintage quarantined after a failed build that had written it,
    or dropped by an operator) would stay in the mart and be published again. Without the years (a plain `dbt build`
    on an existing file), every period goes: the mart is rebuilt whole, as --full-refresh would. The hook runs inside
    the model's transaction, so a model that fails keeps its rows; a table materialization (the Spark target, a full
    refresh) has nothing to delete.
#}
{% macro delete_refreshed_periods() -%}
    {%- if execute and is_incremental() -%}
        delete from {{ this }} where {{ in_refreshed_years('cast(substr(period_label, 1, 4) as integer)') }}
    {%- endif -%}
{%- endmacro %}

{#
    dbt's `where` config cannot call a project macro; dbt's documented way is to override get_where_subquery (dbt
    looks here first: dispatch in dbt_project.yml). The trade marts' tests name the rule in dbt_project.yml
    (`+where: period_label_in_refreshed_years`) and it is filled in here; any other `where` is used as written.
    Without the years a test reads the whole table, as before. The row counts per period (macros/tests/
    period_row_counts.sql) always read the whole mart: they compare every period with the seed, and name the mart.
#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where == 'period_label_in_refreshed_years' -%}
        {%- set counts_rows_per_period = model.test_metadata.name in
            ['closed_periods_keep_their_rows', 'closed_period_row_counts_unchanged'] -%}
        {%- set where = in_refreshed_years('cast(substr(period_label, 1, 4) as integer)')
            if refreshed_years() is not none and not counts_rows_per_period else none -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
