{# The label users filter on: 2024-03 for a month, 2024 for a calendar year, FY2024 for the fiscal year from April 2024. #}
{% macro period_label(frequency, period_start) %}
    case {{ frequency }}
        when 'month' then {{ month_label(period_start) }}
        when 'calendar_year' then {{ year_label(period_start) }}
        else 'FY' || {{ year_label(period_start) }}
    end
{% endmacro %}

{# 2024-03: a month's label, from any date in it. #}
{% macro month_label(date) -%}
    {{ year_label(date) }} || '-' || lpad(month({{ date }})::string, 2, '0')
{%- endmacro %}

{# 2024: a calendar year's label, from any date in it. #}
{% macro year_label(date) -%}
    year({{ date }})::string
{%- endmacro %}
