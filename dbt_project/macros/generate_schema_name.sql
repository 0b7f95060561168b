{# Use the layer's schema name as is (raw, staging, intermediate, marts, reference), not "<target>_<layer>". #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
