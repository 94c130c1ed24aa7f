{#- A rate in percent, null when the denominator is 0 or null (no
    population, not a rate of 0 %). Marts carry numerator and denominator
    beside it so BI tools can re-aggregate correctly. A double on every
    adapter: `100.0 * n` would be a decimal on Spark (and fail the marts'
    contracts); on DuckDB the result is the same double as before. -#}
{% macro rate_pct(numerator, denominator) -%}
    case
        when {{ denominator }} > 0
            then cast({{ numerator }} as double) * 100 / {{ denominator }}
    end
{%- endmacro %}
