{#- The window lengths a row was judged with, as columns, so that a column
    named "..._short_window" always says how long that window was (its
    length is a var, never part of a column name):

        {{ window_columns(['short', 'vendor']) }}

    renders repeat_window_short_days, repeat_window_long_days and
    vendor_resolution_window_hours as requested. -#}
{% macro window_columns(windows) -%}
    {%- set names = {
        'short': 'repeat_window_short_days',
        'long': 'repeat_window_long_days',
        'vendor': 'vendor_resolution_window_hours',
    } -%}
    {%- for window in windows -%}
        cast({{ var(names[window]) }} as {{ dbt.type_bigint() }})
        as {{ names[window] }}{{ ',' if not loop.last }}
    {% endfor -%}
{%- endmacro %}
