{#
    Monthly figures summed to years. `months_tagged_with_years` lists every month twice, once in its calendar year
    and once in its fiscal year (April-March, named by the year it starts in), as `frequency` and `year_number`;
    `summed_months_provenance` carries the newest vintage and every URL and payload of the months summed.
#}
{% macro months_tagged_with_years(months) %}
    select 'calendar_year' as frequency, year(period_start) as year_number, {{ star_except(['frequency']) }} from {{ months }}
    union all
    select
        'fiscal_year' as frequency,
        year(period_start) - case when month(period_start) < 4 then 1 else 0 end as year_number,
        {{ star_except(['frequency']) }}
    from {{ months }}
{% endmacro %}

{% macro summed_months_provenance() %}
    'sum_of_months' as derivation,
    max(vintage) as vintage,
    max(retrieved_at) as retrieved_at,
    {{ sorted_string_agg('source_url', ' | ') }} as source_url,
    {{ sorted_string_agg('payload_sha256', ',') }} as payload_sha256
{% endmacro %}

{# The first day of a calendar year, or of a fiscal year (April-March, named by the year it starts in). #}
{% macro year_period_start(frequency, year) -%}
make_date({{ year }}::integer, case when {{ frequency }} = 'fiscal_year' then 4 else 1 end, 1)
{%- endmacro %}
