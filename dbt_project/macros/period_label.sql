{# The label users filter on: 2024-03 for a month, 2024 for a calendar year, FY2024 for the fiscal year from April 2024. #}
{% macro period_label(frequency, period_start) %}
    case {{ frequency }}
        when 'month' then strftime({{ period_start }}, '%Y-%m')
        when 'calendar_year' then strftime({{ period_start }}, '%Y')
        else 'FY' || strftime({{ period_start }}, '%Y')
    end
{% endmacro %}
