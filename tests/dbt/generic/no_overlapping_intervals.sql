{#-
    No two rows of one partition (the columns `partition_by` lists) cover the same moment: spans
    are [start, end), and an open span (null end) runs forever. Sorted by start, a span that
    overlaps any later span of its partition overlaps the next one.
-#}
{% test no_overlapping_intervals(model, partition_by, start_column, end_column) %}
with ordered as (
    select
        {%- for column in partition_by %}
        {{ column }},
        {%- endfor %}
        {{ start_column }} as span_start,
        coalesce({{ end_column }}, 99999999999) as span_end,
        lead({{ start_column }}) over (
            partition by {{ partition_by | join(', ') }}
            order by {{ start_column }}, {{ end_column }}
        ) as next_start
    from {{ model }}
)

select *
from ordered
where ordered.next_start < ordered.span_end
{% endtest %}
