{# The one rule for which vintage of a figure counts: the newest retrieval of each key, and of two payloads retrieved
   at the same instant the one with the higher checksum, so the choice never depends on row order.
   `keys`: the columns that identify one figure; `relation`: their table alias, when the query joins; `preferred`: an
   ordering that wins before the retrieval time (a year-to-date block covering more months, say). #}
{% macro newest_vintage(keys, relation=none, preferred=none) -%}
{%- set prefix = relation ~ '.' if relation else '' -%}
qualify row_number() over (
    partition by {% for key in keys %}{{ prefix }}{{ key }}{{ ', ' if not loop.last }}{% endfor %}
    order by {{ preferred ~ ', ' if preferred }}{{ prefix }}retrieved_at desc, {{ prefix }}payload_sha256 desc
) = 1
{%- endmacro %}
