{# Japan's balance of payments is preliminary until the annual revision each April covers the past calendar year.
   A figure retrieved on or after 1 April of the year after its period ends is 'revised', earlier ones 'preliminary'. #}
{% macro revision_status(period_end, vintage) -%}
case when {{ vintage }} >= make_date(year({{ period_end }}) + 1, 4, 1) then 'revised' else 'preliminary' end
{%- endmacro %}
