{#
    Every SQL difference between the two engines the project runs on (DuckDB, the default, and Apache Spark), in one
    place. Models write portable SQL (`::string`, `make_date`, `qualify`, `group by all`, `filter (where ...)`,
    `is not distinct from`, `date + interval` mean the same on both; dates become labels through the macros in
    period_label.sql, not `strftime`) and call these macros only where the engines disagree. A new engine adds its
    `<adapter>__` versions here; no model is copied per engine.
#}

{# Distinct values of a string column joined in sorted order: 'a,b,c' on both engines. #}
{% macro sorted_string_agg(expression, separator) -%}
    {{ return(adapter.dispatch('sorted_string_agg')(expression, separator)) }}
{%- endmacro %}

{% macro default__sorted_string_agg(expression, separator) -%}
    string_agg(distinct {{ expression }}, '{{ separator }}' order by {{ expression }})
{%- endmacro %}

{# Spark's own listagg(distinct ...) within group (order by ...) fails to plan beside other aggregates (Spark 4.3:
   ClassCastException AttributeReference -> SortOrder); a sorted set is the same string. Null when every value is. #}
{% macro spark__sorted_string_agg(expression, separator) -%}
    case when count({{ expression }}) > 0 then array_join(array_sort(collect_set({{ expression }})), '{{ separator }}') end
{%- endmacro %}

{# Every column but these. DuckDB reads `* except (...)` too, but the project lints its SQL in sqlfluff's DuckDB
   dialect, which parses only `* exclude (...)`; Spark knows only `* except (...)`. #}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except')(columns)) }}
{%- endmacro %}

{% macro default__star_except(columns) %}* exclude ({{ columns | join(', ') }}){% endmacro %}

{% macro spark__star_except(columns) %}* except ({{ columns | join(', ') }}){% endmacro %}

{# An instant with its time zone: DuckDB's `timestamptz`; Spark's `timestamp` is already an instant (shown in the
   session time zone, UTC in profiles.yml). #}
{% macro type_timestamp_tz() -%}
    {{ return(adapter.dispatch('type_timestamp_tz')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() %}timestamptz{% endmacro %}

{% macro spark__type_timestamp_tz() %}timestamp{% endmacro %}

{# Spark reads the raw tables as external Parquet tables: the Dagster raw assets land and validate every source in
   DuckDB, and orchestration/lake.py exports each raw table to <JTDW_LAKE_DIR>/raw/<table>/ before a Spark build.
   Run at the start of every dbt command (on-run-start); on DuckDB the raw tables are already in the build file. #}
{% macro register_raw_tables() -%}
    {{ return(adapter.dispatch('register_raw_tables')()) }}
{%- endmacro %}

{% macro default__register_raw_tables() %}{% endmacro %}

{% macro spark__register_raw_tables() %}
    {%- if execute %}
        {%- set lake = env_var('JTDW_LAKE_DIR') %}
        {#- the raw tables the selected models read: a partial build needs only the raw tables it was given -#}
        {%- set tables = [] %}
        {%- for node in graph.nodes.values() if node.unique_id in selected_resources %}
            {%- for parent in node.depends_on.nodes if parent.startswith('source.') %}
                {%- set identifier = graph.sources[parent].identifier %}
                {%- if identifier not in tables %}{% do tables.append(identifier) %}{% endif %}
            {%- endfor %}
        {%- endfor %}
        {% do run_query('create schema if not exists raw') %}
        {%- for table in tables %}
            {% do run_query('drop table if exists raw.' ~ table) %}
            {% do run_query("create table raw." ~ table ~ " using parquet location '" ~ lake ~ "/raw/" ~ table ~ "'") %}
        {%- endfor %}
    {%- endif %}
{% endmacro %}

{# Column types written as DuckDB spells them (the marts' contracts: varchar, timestamp with time zone) in Spark's
   spelling: dbt casts to the declared types when it checks a contract. #}
{% macro spark__cast(field, type) -%}
    {%- set spark_types = {'varchar': 'string', 'text': 'string', 'timestamptz': 'timestamp',
                           'timestamp with time zone': 'timestamp'} -%}
    cast({{ field }} as {{ spark_types.get(type | lower | trim, type) }})
{%- endmacro %}

{# Seed rows as SQL literals. dbt-spark's session mode binds every value as '<value>' (a null becomes the text
   'None', a quote in "Cote d'Ivoire" ends the string), so on Spark the values are written out here, escaped. #}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    {%- set column_type = column_override.get(agate_table.column_names[loop.index0], adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ spark_literal(value) }} as {{ column_type }}){{ ', ' if not loop.last }}
                {%- endfor -%}){{ ',' if not loop.last }}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{% macro spark_literal(value) -%}
    {%- if value is none -%} null
    {%- elif value is number -%} {{ value }}
    {%- else -%} '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
