{#- Benchmark band of a rate (percent) against the articles' Good / Great /
    World-class lower bounds (seeds/reference/benchmark_bands.csv). Below
    "good" is 'below_good'; a rate on too small a sample (`is_low_sample`,
    a boolean expression: its denominator below var min_sample_size) is
    'insufficient_data', whatever its value. -#}
{% macro benchmark_band(
    rate, good_min, great_min, world_class_min, is_low_sample=none
) -%}
    case
        when {{ rate }} is null then null
        {%- if is_low_sample is not none %}
        when {{ is_low_sample }} then 'insufficient_data'
        {%- endif %}
        when {{ rate }} >= {{ world_class_min }} then 'world_class'
        when {{ rate }} >= {{ great_min }} then 'great'
        when {{ rate }} >= {{ good_min }} then 'good'
        else 'below_good'
    end
{%- endmacro %}

{#- The rows of `relation` (a CTE with a `segment` column) with the
    segment's band for `rate` under benchmark `benchmark` (benchmark_bands
    .metric): benchmark_good_min_pct and benchmark_band, null for a segment
    the seed does not list, 'insufficient_data' where the rate is
    low-sample (`is_<rate>_low_sample`, from catalog_rate). The one place a mart joins the bands:

        banded as (
            {{ with_benchmark_band('joined', 'adoption_rate_pct',
                'csm_ai_adoption_rate') }}
        ),
-#}
{% macro with_benchmark_band(relation, rate, benchmark) -%}
    select
        {{ relation }}.*,
        cast(bands.good_min_pct as double) as benchmark_good_min_pct,
        case
            when bands.good_min_pct is not null
                then {{ benchmark_band(
                    relation ~ '.' ~ rate,
                    'bands.good_min_pct',
                    'bands.great_min_pct',
                    'bands.world_class_min_pct',
                    relation ~ '.is_' ~ rate[:-4] ~ '_low_sample',
                ) }}
        end as benchmark_band

    from {{ relation }}
    left join {{ ref('benchmark_bands') }} as bands
        on
            {{ relation }}.segment = bands.segment
            and bands.metric = '{{ benchmark }}'
{%- endmacro %}
