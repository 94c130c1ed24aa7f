{#- A rate: scale x numerator / denominator, null when the denominator is 0
    or null (no population, not a rate of 0). scale is 100 for a percent, 1
    for an average (money, seconds, a score). Marts carry numerator and
    denominator beside it so BI tools can re-aggregate correctly; a mart's
    catalog rates go through catalog_rate, which calls this. A double on
    every adapter: `100.0 * n` would be a decimal on Spark (and fail the
    marts' contracts). -#}
{% macro rate_pct(numerator, denominator, scale=100) -%}
    case
        when {{ denominator }} > 0
            then cast({{ numerator }} as double)
            {%- if scale != 1 %} * {{ scale }}{% endif %} / {{ denominator }}
    end
{%- endmacro %}
