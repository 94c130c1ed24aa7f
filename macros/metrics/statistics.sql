{#- Significance tests and intervals in plain SQL, the same on every engine
    (docs/definitions.md, "Intervals and significance"). Only +, -, *, /,
    abs, sqrt, exp, ln, greatest and least: no engine's statistics
    functions. Arguments are SQL expressions, repeated inside the result:
    pass column names (compute them in a CTE first), not long expressions.
    tests/python/test_statistics.py checks every result against scipy and
    statsmodels to 1e-6. -#}

{#- ln Gamma(x) for x >= 0.5 (Lanczos, g = 7, 9 coefficients; relative
    error about 1e-15). -#}
{% macro ln_gamma(x) -%}
    {%- set c = [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905,
        -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ] -%}
    (
        0.91893853320467274178
        + ({{ x }} - 0.5) * ln({{ x }} + 6.5)
        - ({{ x }} + 6.5)
        + ln(
            {{ c[0] }}
            {%- for i in range(1, 9) %}
            + ({{ c[i] }}) / ({{ x }} - 1 + {{ i }})
            {%- endfor %}
        )
    )
{%- endmacro %}

{#- erfc(x) (Chebyshev fit of Numerical Recipes' erfcc: fractional error
    below 1.2e-7 everywhere, so tiny p-values keep their digits). -#}
{% macro erfc(x) -%}
    {%- set coefficients = [
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
    ] -%}
    {%- set t = '(1.0 / (1.0 + 0.5 * abs(' ~ x ~ ')))' -%}
    {%- set ns = namespace(poly=coefficients[-1] ~ '') -%}
    {%- for coefficient in coefficients[:-1] | reverse -%}
        {%- set ns.poly = '(' ~ coefficient ~ ' + ' ~ t ~ ' * ' ~ ns.poly ~ ')' -%}
    {%- endfor -%}
    (
        case
            when {{ x }} >= 0
                then {{ t }} * exp(-({{ x }}) * ({{ x }}) + {{ ns.poly }})
            else
                2 - {{ t }} * exp(-({{ x }}) * ({{ x }}) + {{ ns.poly }})
        end
    )
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic z: P(|Z| >= |z|). -#}
{% macro normal_two_sided_p(z) -%}
    {{ erfc('abs(' ~ z ~ ') / 1.4142135623730951') }}
{%- endmacro %}

{#- One pair of terms d(2m - 1), d(2m) of the continued fraction of the
    regularized incomplete beta function I_x(a, b) (Numerical Recipes'
    betacf), wrapped around `inner`: 1 + d(2m - 1) / (1 + d(2m) / inner). -#}
{% macro _incomplete_beta_pair(m, x, a, b, inner) -%}
    {%- set even = (
        m ~ '*(' ~ b ~ '-' ~ m ~ ')*' ~ x
        ~ '/((' ~ a ~ '+' ~ (2 * m - 1) ~ ')*(' ~ a ~ '+' ~ (2 * m) ~ '))'
    ) -%}
    {%- set odd = (
        '-(' ~ a ~ '+' ~ (m - 1) ~ ')*(' ~ a ~ '+' ~ b ~ '+' ~ (m - 1)
        ~ ')*' ~ x ~ '/((' ~ a ~ '+' ~ (2 * m - 2) ~ ')*(' ~ a
        ~ '+' ~ (2 * m - 1) ~ '))'
    ) -%}
    (1.0+({{ odd }})/(1.0+({{ even }})/{{ inner }}))
{%- endmacro %}

{#- x^a y^b / (a B(a, b)): the factor in front of the continued fraction. -#}
{% macro _incomplete_beta_front(x, y, a, b) -%}
    exp(
        {{ a }} * ln({{ x }}) + {{ b }} * ln({{ y }})
        - {{ ln_gamma(a) }} - {{ ln_gamma(b) }}
        + {{ ln_gamma('(' ~ a ~ ' + ' ~ b ~ ')') }}
    ) / {{ a }}
{%- endmacro %}

{#- CTEs that add column `out` = I_x(a, b), the regularized incomplete beta
    function, to the rows of `relation` (x, y = 1 - x passed apart to keep
    its digits, a and b: column names). The symmetry I_x(a, b) = 1 - I_y(b,
    a) first picks the side where the continued fraction converges (x < (a
    + 1) / (a + b + 2)); the fraction (`terms` pairs; 60 match scipy to
    about 1e-11) is evaluated from its innermost term out, `chunk` pairs per
    CTE so no expression nests too deep for the SQL parsers. Renders
    `name_0`, `name_1`, ... and ends with CTE `name` (no trailing comma). -#}
{% macro incomplete_beta_ctes(
    relation, x, y, a, b, out, name, terms=60, chunk=10
) -%}
    {%- set steps = (terms + chunk - 1) // chunk -%}
    {%- set cx, cy, ca, cb = name ~ '_cx', name ~ '_cy', name ~ '_ca', name ~ '_cb' -%}
{{ name }}_0 as (

    select
        *,
        {{ x }} >= ({{ a }} + 1.0) / ({{ a }} + {{ b }} + 2.0)
            as {{ name }}_is_swapped,
        case
            when {{ x }} >= ({{ a }} + 1.0) / ({{ a }} + {{ b }} + 2.0)
                then {{ y }}
            else {{ x }}
        end as {{ cx }},
        case
            when {{ x }} >= ({{ a }} + 1.0) / ({{ a }} + {{ b }} + 2.0)
                then {{ x }}
            else {{ y }}
        end as {{ cy }},
        case
            when {{ x }} >= ({{ a }} + 1.0) / ({{ a }} + {{ b }} + 2.0)
                then {{ b }}
            else {{ a }}
        end as {{ ca }},
        case
            when {{ x }} >= ({{ a }} + 1.0) / ({{ a }} + {{ b }} + 2.0)
                then {{ a }}
            else {{ b }}
        end as {{ cb }}
    from {{ relation }}

),
    {%- for step in range(steps) -%}
        {%- set high = terms - step * chunk -%}
        {%- set low = [high - chunk + 1, 1] | max -%}
        {%- set ns = namespace(
            fraction=(name ~ '_f' ~ step if step > 0 else '1.0')
        ) -%}
        {%- for m in range(high, low - 1, -1) -%}
            {%- set ns.fraction = _incomplete_beta_pair(m, cx, ca, cb, ns.fraction) -%}
        {%- endfor %}

{{ name }}_{{ step + 1 }} as (

    select
        *,
        {{ ns.fraction }} as {{ name }}_f{{ step + 1 }}
    from {{ name }}_{{ step }}

),
    {%- endfor %}

{{ name }} as (

    select
        *,
        case
            when {{ x }} <= 0 then 0.0
            when {{ y }} <= 0 then 1.0
            when {{ name }}_is_swapped
                then
                    1.0
                    - {{ _incomplete_beta_front(cx, cy, ca, cb) }}
                    / {{ name }}_f{{ steps }}
            else
                {{ _incomplete_beta_front(cx, cy, ca, cb) }}
                / {{ name }}_f{{ steps }}
        end as {{ out }}
    from {{ name }}_{{ steps }}

)
{%- endmacro %}

{#- CTEs adding column `out` = the two-sided p-value of Student's t
    statistic `t` with `df` degrees of freedom (columns of `relation`; df may
    be fractional, as Welch's): I_{df / (df + t^2)}(df / 2, 1 / 2). Ends
    with CTE `name` (no trailing comma). -#}
{% macro t_two_sided_p_ctes(relation, t, df, out, name) -%}
{{ name }}_arguments as (

    select
        *,
        {{ df }} / ({{ df }} + {{ t }} * {{ t }}) as {{ name }}_x,
        {{ t }} * {{ t }} / ({{ df }} + {{ t }} * {{ t }}) as {{ name }}_y,
        {{ df }} / 2.0 as {{ name }}_a,
        0.5 as {{ name }}_b
    from {{ relation }}

),

{{ incomplete_beta_ctes(
    name ~ '_arguments',
    name ~ '_x', name ~ '_y', name ~ '_a', name ~ '_b',
    out, name,
) }}
{%- endmacro %}

{#- Student's t density at t with df degrees of freedom. -#}
{% macro t_density(t, df) -%}
    exp(
        {{ ln_gamma('((' ~ df ~ ' + 1.0) / 2.0)') }}
        - {{ ln_gamma('(' ~ df ~ ' / 2.0)') }}
        - 0.5 * ln({{ df }} * 3.141592653589793)
        - ({{ df }} + 1.0) / 2.0 * ln(1.0 + {{ t }} * {{ t }} / {{ df }})
    )
{%- endmacro %}

{#- A first guess at the t quantile matching the normal quantile z
    (Cornish-Fisher expansion in 1 / df); refined by t_quantile_step. -#}
{% macro t_quantile_start(z, df) -%}
    (
        {{ z }}
        + (power({{ z }}, 3) + {{ z }}) / (4.0 * {{ df }})
        + (5 * power({{ z }}, 5) + 16 * power({{ z }}, 3) + 3 * {{ z }})
        / (96.0 * power({{ df }}, 2))
        + (
            3 * power({{ z }}, 7) + 19 * power({{ z }}, 5)
            + 17 * power({{ z }}, 3) - 15 * {{ z }}
        ) / (384.0 * power({{ df }}, 3))
    )
{%- endmacro %}

{#- One Newton step towards the t whose two-sided tail probability is
    `alpha`, from t with tail probability `tail` (t_two_sided_p_ctes):
    t + (tail - alpha) / (2 f(t)). -#}
{% macro t_quantile_step(t, df, tail, alpha) -%}
    (
        {{ t }}
        + ({{ tail }} - {{ alpha }})
        / (2.0 * {{ t_density(t, df) }})
    )
{%- endmacro %}

{#- CTEs refining the t quantile whose two-sided tail probability is
    `alpha` by `steps` Newton steps (t_quantile_step), from column
    t_quantile_0 of `relation` (t_quantile_start) at `df` degrees of
    freedom: step k adds tail_<k-1> (CTE `name`_tail_<k-1>, the tail of
    t_quantile_<k-1>, t_two_sided_p_ctes) and t_quantile_<k> (CTE
    `name`_quantile_<k>). Ends with CTE `name`_quantile_<steps> (no
    trailing comma). -#}
{% macro t_quantile_newton_ctes(relation, df, alpha, steps=3, name='welch') -%}
    {%- for step in range(steps) %}
        {%- set source = relation if step == 0 else name ~ '_quantile_' ~ step %}
{{ t_two_sided_p_ctes(
    source, 't_quantile_' ~ step, df, 'tail_' ~ step, name ~ '_tail_' ~ step
) }},

{{ name }}_quantile_{{ step + 1 }} as (

    select
        *,
        {{ t_quantile_step(
            't_quantile_' ~ step, df, 'tail_' ~ step, alpha
        ) }} as t_quantile_{{ step + 1 }}
    from {{ name }}_tail_{{ step }}

){{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- The two-sided tail probability of var confidence_z (0.05 at the
    default 1.96): what a 95 % interval leaves out. -#}
{% macro confidence_alpha() -%}
    {{ normal_two_sided_p(confidence_z()) }}
{%- endmacro %}

{#- Newcombe's hybrid score interval of p1 - p2 (in percentage points),
    from the two Wilson intervals: bound 'low' is
    d - sqrt((p1 - l1)^2 + (u2 - p2)^2), 'high' d + sqrt((u1 - p1)^2 +
    (p2 - l2)^2). Arguments in percent. -#}
{% macro newcombe_bound_pct(p1, l1, u1, p2, l2, u2, bound) -%}
    {%- if bound == 'low' -%}
        (
            ({{ p1 }} - {{ p2 }})
            - sqrt(
                ({{ p1 }} - {{ l1 }}) * ({{ p1 }} - {{ l1 }})
                + ({{ u2 }} - {{ p2 }}) * ({{ u2 }} - {{ p2 }})
            )
        )
    {%- else -%}
        (
            ({{ p1 }} - {{ p2 }})
            + sqrt(
                ({{ u1 }} - {{ p1 }}) * ({{ u1 }} - {{ p1 }})
                + ({{ p2 }} - {{ l2 }}) * ({{ p2 }} - {{ l2 }})
            )
        )
    {%- endif -%}
{%- endmacro %}

{#- 0 .. 10^digits - 1, as a relation of one column `i` (Fisher's exact
    test walks the possible tables with it). -#}
{% macro integers(digits=4) -%}
    {%- set parts = [] -%}
    {%- for d in range(digits) -%}
        {%- do parts.append('d' ~ d ~ '.digit * ' ~ (10 ** d)) -%}
    {%- endfor -%}
    select {{ parts | join(' + ') }} as i
    from
    {%- for d in range(digits) %}
        (
            {%- for v in range(10) %}
            select {{ v }} as digit{{ ' union all' if not loop.last }}
            {%- endfor %}
        ) as d{{ d }}{{ ' cross join' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
