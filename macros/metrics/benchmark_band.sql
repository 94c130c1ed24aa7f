{#- Benchmark band of a rate (percent) against the seed articles' Good /
    Great / World-class lower bounds (seeds/reference/benchmark_bands.csv).
    Below "good" is 'below_good'. -#}
{% macro benchmark_band(rate, good_min, great_min, world_class_min) -%}
    case
        when {{ rate }} is null then null
        when {{ rate }} >= {{ world_class_min }} then 'world_class'
        when {{ rate }} >= {{ great_min }} then 'great'
        when {{ rate }} >= {{ good_min }} then 'good'
        else 'below_good'
    end
{%- endmacro %}
