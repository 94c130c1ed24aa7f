{#- A rate in percent, null when the denominator is 0 or null (no
    population, not a rate of 0 %). Marts carry numerator and denominator
    beside it so BI tools can re-aggregate correctly. -#}
{% macro rate_pct(numerator, denominator) -%}
    case
        when {{ denominator }} > 0
            then 100.0 * {{ numerator }} / {{ denominator }}
    end
{%- endmacro %}
