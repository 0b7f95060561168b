{# A dated row (valid_from to valid_to, inclusive, open when null) holds on some day of [period_start, period_end]:
   the one rule for group membership in the trade marts and for the dated customs commodity groups. #}
{% macro valid_during(dated, period_start, period_end) -%}
{{ dated }}.valid_from <= {{ period_end }} and ({{ dated }}.valid_to is null or {{ dated }}.valid_to >= {{ period_start }})
{%- endmacro %}
