{#-
    Whether the span [START_TS, END_TS) of the relation `spans` covers the epoch `ts` (a span
    without END_TS runs on).
-#}
{% macro span_covers(spans, ts) %}
    (
        {{ ts }} >= {{ spans }}.start_ts
        and ({{ spans }}.end_ts is null or {{ ts }} < {{ spans }}.end_ts)
    )
{% endmacro %}
