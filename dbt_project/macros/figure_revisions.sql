{#
    Every figure of one staging model whose value differs from the figure's previous vintage (ordered by retrieval
    time, then checksum): old and new value, both vintages and payloads. `series_key` and `period_label` are SQL
    expressions that together name one figure of the dataset; a figure first seen in a vintage is not a revision.
    `stated` keeps only the rows that state a figure (a table whose cells may be left empty by a release).
#}
{% macro figure_revisions(model, dataset, series_key, period_label, period_start, value, unit, stated='true') %}
select
    '{{ dataset.split("__")[0] }}' as source,
    '{{ dataset }}' as dataset,
    series_key,
    period_label,
    period_start,
    unit,
    previous_value,
    value as revised_value,
    value - previous_value as revision_amount,
    previous_vintage,
    vintage as revised_vintage,
    previous_retrieved_at,
    retrieved_at as revised_retrieved_at,
    previous_payload_sha256,
    payload_sha256 as revised_payload_sha256,
    vintage = max(vintage) over () as is_in_latest_vintage
from (
    select
        *,
        lag(value) over figure as previous_value,
        lag(vintage) over figure as previous_vintage,
        lag(retrieved_at) over figure as previous_retrieved_at,
        lag(payload_sha256) over figure as previous_payload_sha256,
        row_number() over figure as observation_number
    from (
        select
            {{ series_key }} as series_key,
            {{ period_label }} as period_label,
            ({{ period_start }})::date as period_start,
            {{ unit }} as unit,
            ({{ value }})::double as value,
            vintage,
            retrieved_at,
            payload_sha256
        from {{ ref(model) }}
        where {{ stated }}
    )
    window figure as (partition by series_key, period_label, unit order by retrieved_at, payload_sha256)
)
-- qualify, not where: the window above must see every vintage, revised or not, to name the newest.
qualify observation_number > 1 and value is distinct from previous_value
{% endmacro %}
