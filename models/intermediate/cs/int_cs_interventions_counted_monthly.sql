-- CS interventions counted per calendar month (of opened_at), account
-- segment, CSM, account and AI assistance: the one intermediate the CS
-- marts re-aggregate at their own grain (by segment, by CSM, by AI group;
-- macro rollup), so the counting is written once. An intervention is
-- AI-assisted, and of which involvement types, as fct_cs_interventions
-- decides (int_ai_events_classified).
with interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

final as (

    select
        opened_month as month_start,
        segment,
        csm_id,
        account_id,
        is_ai_assisted,
        cast(count(*) as {{ dbt.type_bigint() }}) as interventions,
        cast(
            sum(case when is_ai_assisted then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as ai_assisted_interventions,
        {%- for involvement in involvement_types() %}
            cast(
                sum(case when has_{{ involvement }} then 1 else 0 end)
                as {{ dbt.type_bigint() }}
            ) as {{ involvement }}_interventions,
        {%- endfor %}
        cast(
            sum(case when has_shadow_ai then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as shadow_ai_interventions,
        cast(
            sum(case when is_risk_saved then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as risk_interventions_saved,
        cast(
            sum(case when is_risk_decided then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as risk_interventions_decided

    from interventions
    group by 1, 2, 3, 4, 5

)

select * from final
