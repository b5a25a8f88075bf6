{#-
    A bigint key derived from a text (a sorted list of members): the first 60 bits of its MD5,
    so a set gets the same key on every build and every adapter, and two sets collide with
    negligible probability (about n^2 / 2^61 for n sets).
-#}
{% macro set_key(text) %}
    {{- return(adapter.dispatch('set_key')(text)) -}}
{% endmacro %}

{% macro default__set_key(text) %}
    cast(cast('x' || substr(md5({{ text }}), 1, 15) as bit(60)) as bigint)
{% endmacro %}

{% macro sqlserver__set_key(text) %}
    cast(convert(
        varbinary(8),
        '0' + substring(convert(varchar(32), hashbytes('MD5', {{ text }}), 2), 1, 15),
        2
    ) as bigint)
{% endmacro %}
