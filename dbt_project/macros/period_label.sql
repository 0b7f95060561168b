{# The label users filter on: 2024-03 for a month, 2024 for a calendar year, FY2024 for the fiscal year from April 2024. #}
{% macro period_label(frequency, period_start) %}
    case {{ frequency }}
        when 'month' then year({{ period_start }})::string || '-' || lpad(month({{ period_start }})::string, 2, '0')
        when 'calendar_year' then year({{ period_start }})::string
        else 'FY' || year({{ period_start }})::string
    end
{% endmacro %}
