{# Rows of a raw table from its good vintages: payloads that passed Great Expectations and are not quarantined or dropped. #}
{% macro validated_rows(raw_source, raw_table) -%}
select *
from {{ source(raw_source, raw_table) }}
where payload_sha256 in (
    select payload_sha256
    from {{ source('raw_meta', 'load_log') }}
    where raw_table = '{{ raw_source }}__{{ raw_table }}' and validation_status = 'passed'
)
{%- endmacro %}
