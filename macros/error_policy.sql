{#-
    The [error-policy] options as Job_TransformGIM passes them (var `error_policy`, category to
    fix-up, discard or fail). An error found this run (int_transform_errors_found) is discarded
    when its category's policy is discard, or fix-up and nothing can repair it; under fail the job
    stops before any fact is written (orchestrator/jobs/transform.py), so none is left here.
-#}
{% macro error_policy(category) %}
    {%- set policies = var('error_policy') %}
    {%- if category not in policies %}
        {{ exceptions.raise_compiler_error("no [error-policy] category " ~ category) }}
    {%- endif %}
    {{- return(policies[category]) }}
{% endmacro %}

{#- True when this run repairs errors of `category` instead of discarding them. -#}
{% macro fixes_up(category) %}
    {{- return(error_policy(category) == 'fix-up') }}
{% endmacro %}

{#- SQL condition: the error row (columns error_category, fixable 1/0) is discarded. -#}
{% macro discarded_by_policy(errors='errors') %}
    (
    {%- for category, policy in var('error_policy').items() %}
        ({{ errors }}.error_category = '{{ category }}' and
        {%- if policy == 'discard' %} 1 = 1
        {%- elif policy == 'fix-up' %} {{ errors }}.fixable = 0
        {%- else %} 1 = 0
        {%- endif %})
        {{- ' or' if not loop.last }}
    {%- endfor %}
    )
{% endmacro %}

{#-
    A code column as a key of the fixed dimension that decodes it (`<dimension>_key`): the code
    when the dimension knows it, No Value (-1) when null, else Unknown (-2).
-#}
{% macro known_code(column, dimension) %}
    case
        when {{ column }} is null then -1
        when {{ column }} in (
            select known.{{ dimension }}_key from {{ ref(dimension) }} as known
        ) then {{ column }}
        else -2
    end
{% endmacro %}

{#- The codes of an outbound attempt (GO_CHAINREC_HIST) and the dimension of each. -#}
{% macro outbound_attempt_codes() %}
    {{- return(['call_result', 'contact_info_type', 'record_type', 'record_status']) }}
{% endmacro %}

{#- SQL condition: an attempt of `attempts` has a code its dimension does not know. -#}
{% macro outbound_attempt_codes_unknown(attempts) %}
    (
    {%- for code in outbound_attempt_codes() %}
        {{ known_code(attempts ~ '.' ~ code, code) }} = -2
        {{- ' or' if not loop.last }}
    {%- endfor %}
    )
{% endmacro %}

{#-
    SQL condition: an attempt of `attempts` is loaded. Under inconsistent-data = discard, one with
    an unknown code is not (int_transform_errors_found records it).
-#}
{% macro outbound_attempt_kept(attempts) %}
    {%- if error_policy('inconsistent-data') == 'discard' -%}
        not {{ outbound_attempt_codes_unknown(attempts) }}
    {%- else -%}
        1 = 1
    {%- endif %}
{% endmacro %}

{#-
    The key an attempt's code loads as: Unknown (-2) when its dimension does not know it and
    inconsistent-data = fix-up, else the code (No Value, -1, when null).
-#}
{% macro outbound_code_key(column, dimension) %}
    {%- if fixes_up('inconsistent-data') -%}
        {{ known_code(column, dimension) }}
    {%- else -%}
        coalesce({{ column }}, -1)
    {%- endif %}
{% endmacro %}
