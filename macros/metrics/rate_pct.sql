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

{#- The z of the intervals: var confidence_z (1.959963984540054, the
    two-sided 95 % normal quantile). -#}
{% macro confidence_z() -%}
    {{ return(var('confidence_z')) }}
{%- endmacro %}

{#- One bound ('low' or 'high') of the Wilson score interval of the
    proportion numerator / denominator, in percent (docs/definitions.md,
    "Intervals and significance"): with p = x / n and z = confidence_z(),

        (p + z^2 / 2n -/+ z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n)

    Null when the denominator is 0 or null, or the numerator is not between
    0 and the denominator (not a proportion). Unlike p -/+ z se it stays
    within 0..100 and is not of width 0 at 0 % or 100 %. -#}
{% macro wilson_bound_pct(numerator, denominator, bound) -%}
    {%- set z = confidence_z() -%}
    {%- set sign = '-' if bound == 'low' else '+' -%}
    {%- set n = 'cast(' ~ denominator ~ ' as double)' -%}
    {%- set p = 'cast(' ~ numerator ~ ' as double) / ' ~ n -%}
    {%- if bound not in ['low', 'high'] -%}
        {{ exceptions.raise_compiler_error(
            "wilson_bound_pct: bound must be 'low' or 'high', got " ~ bound
        ) }}
    {%- endif -%}
    case
        when
            {{ denominator }} > 0
            and {{ numerator }} >= 0
            and {{ numerator }} <= {{ denominator }}
            then {{ 'greatest(0.0, ' if bound == 'low' else 'least(100.0, ' }}
                100.0 * (
                    {{ p }} + {{ z }} * {{ z }} / (2 * {{ n }})
                    {{ sign }} {{ z }} * sqrt(
                        ({{ p }}) * (1 - {{ p }}) / {{ n }}
                        + {{ z }} * {{ z }} / (4 * {{ n }} * {{ n }})
                    )
                ) / (1 + {{ z }} * {{ z }} / {{ n }})
            )
    end
{%- endmacro %}

{#- A rate's denominator (its observations) is below var min_sample_size
    (none at all counts as low): docs/definitions.md, "Sample size". -#}
{% macro is_low_sample(denominator) -%}
    coalesce({{ denominator }} < {{ var('min_sample_size') }}, true)
{%- endmacro %}
