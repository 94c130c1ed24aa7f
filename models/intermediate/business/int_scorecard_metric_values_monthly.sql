-- The monthly value of every metric of the metric catalog that has one,
-- one row per month and metric, read from the mart that declares it (macro
-- metric_catalog_entries: every additive catalog metric of a mart with a
-- day or month period), so a scorecard value is by construction the value
-- a BI tool reads in the metric's own mart. The scorecard is a mart of
-- marts: this model is its collection step, never a second definition.
-- Adding a metric to a mart's properties adds it here.
--
-- A metric is carried as numerator and denominator (summed over the mart's
-- other dimensions, then divided: never an average of rates) and a
-- multiplier: value = multiplier x numerator / denominator (100 for a
-- percent, 1 for money, seconds and scores); a metric without a
-- denominator is its numerator's sum.
--
-- The marts this model may read (dbt needs them before it runs; a catalog
-- metric on a mart missing here stops the build with a message naming it):
-- depends_on: {{ ref('mart_automation_resolution_monthly') }}
-- depends_on: {{ ref('mart_repeat_contacts_monthly') }}
-- depends_on: {{ ref('mart_customer_experience_monthly') }}
-- depends_on: {{ ref('mart_escalation_quality_monthly') }}
-- depends_on: {{ ref('mart_ai_answer_quality_monthly') }}
-- depends_on: {{ ref('mart_agent_workload_complexity_monthly') }}
-- depends_on: {{ ref('mart_response_handle_time_monthly') }}
-- depends_on: {{ ref('mart_ticket_deflection_monthly') }}
-- depends_on: {{ ref('mart_out_of_scope_topics_monthly') }}
-- depends_on: {{ ref('mart_cost_per_resolution_monthly') }}
-- depends_on: {{ ref('mart_revenue_per_interaction_monthly') }}
-- depends_on: {{ ref('mart_vendor_pay_for_performance_monthly') }}
-- depends_on: {{ ref('mart_ai_assisted_resolution_monthly') }}
-- depends_on: {{ ref('mart_ai_assisted_resolution_monthly_by_csm') }}
-- depends_on: {{ ref('mart_ai_assisted_outcomes_monthly') }}
-- depends_on: {{ ref('mart_ai_assisted_outcomes_monthly_by_csm') }}
-- depends_on: {{ ref('mart_csm_ai_adoption_monthly') }}
-- depends_on: {{ ref('mart_csm_ai_adoption_weekly') }}
-- depends_on: {{ ref('mart_csm_ai_adoption_weekly_by_tenure') }}
{%- set entries = metric_catalog_entries()
    | selectattr('is_scorecard') | list %}

with unioned as (

    {%- for entry in entries %}

    select
        {{ month_start(entry.period_column) }} as month_start,
        '{{ entry.metric }}' as metric,
        cast(sum({{ entry.numerator }}) as double) as numerator,
        {%- if entry.denominator %}
        cast(sum({{ entry.denominator }}) as double) as denominator,
        {%- else %}
        cast(null as double) as denominator,
        {%- endif %}
        cast({{ entry.scale }} as double) as multiplier
    from {{ ref(entry.mart) }}
    {%- if entry.filter_sql %}
    where {{ entry.filter_sql }}
    {%- endif %}
    group by 1
    {{ 'union all' if not loop.last }}
    {%- else %}

    select
        cast(null as date) as month_start,
        cast(null as {{ dbt.type_string() }}) as metric,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as multiplier
    where 1 = 0
    {%- endfor %}

),

final as (

    select
        month_start,
        metric,
        numerator,
        denominator,
        multiplier,
        case
            when denominator is null and numerator is not null
                then multiplier * numerator
            when denominator > 0 then multiplier * numerator / denominator
        end as metric_value

    from unioned
    where month_start is not null

)

select * from final
