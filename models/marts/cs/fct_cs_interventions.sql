-- One row per CS intervention with its AI involvement. An intervention is
-- AI-assisted ("AI-Assisted Resolution Rate": "CS interventions with
-- documented AI involvement")
-- when at least one material AI event (int_ai_events_classified, the one
-- definition) is linked to it by intervention_id, whoever produced it: the
-- CSM, a colleague or an autonomous AI action. Interventions opened after
-- as_of and AI events after as_of are left out; an outcome recorded after
-- as_of is not yet known.
with interventions as (

    select * from {{ ref('stg_cs_platform__interventions') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

ai_events as (

    select * from {{ ref('int_ai_events_classified') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

-- "AI-Assisted Resolution Rate": "Not distinguishing between AI-drafted
-- content, AI-surfaced signals, and autonomous AI actions" is a common
-- mistake, so each involvement type (macro involvement_types) is counted
-- apart.
intervention_ai_events as (

    select
        ai_events.intervention_id,
        {{ ai_event_counts('ai_events', 'material_ai_events', '_events') }},
        min(case when ai_events.is_material then ai_events.occurred_at end)
            as first_material_ai_at

    from ai_events
    cross join data_cutoff
    where
        ai_events.intervention_id is not null
        and ai_events.occurred_at <= data_cutoff.as_of_at
    group by 1

),

joined as (

    select
        interventions.intervention_id,
        interventions.account_id,
        {{ segment_or_unknown('accounts.segment') }} as segment,
        interventions.csm_id,
        interventions.intervention_type,
        interventions.opened_at,
        case
            when interventions.closed_at <= data_cutoff.as_of_at
                then interventions.closed_at
        end as closed_at,
        case
            when interventions.closed_at <= data_cutoff.as_of_at
                then interventions.outcome
        end as outcome,
        coalesce(intervention_ai_events.material_ai_events, 0)
            as material_ai_events,
        {%- for involvement in involvement_types() %}
            coalesce(intervention_ai_events.{{ involvement }}_events, 0)
                as {{ involvement }}_events,
        {%- endfor %}
        coalesce(intervention_ai_events.non_material_ai_events, 0)
            as non_material_ai_events,
        coalesce(intervention_ai_events.shadow_ai_events, 0)
            as shadow_ai_events,
        intervention_ai_events.first_material_ai_at

    from interventions
    cross join data_cutoff
    left join accounts
        on interventions.account_id = accounts.account_id
    left join intervention_ai_events
        on
            interventions.intervention_id
            = intervention_ai_events.intervention_id
    where interventions.opened_at <= data_cutoff.as_of_at

),

final as (

    select
        intervention_id,
        account_id,
        segment,
        csm_id,
        intervention_type,
        opened_at,
        closed_at,
        -- An intervention counts in the month (and ISO week) it was opened.
        {{ month_start('opened_at') }} as opened_month,
        {{ iso_week_start('opened_at') }} as opened_week_start,
        outcome,
        closed_at is not null as is_closed,
        coalesce(
            intervention_type = 'risk_mitigation'
            and outcome in ('saved', 'lost'),
            false
        ) as is_risk_decided,
        coalesce(
            intervention_type = 'risk_mitigation' and outcome = 'saved',
            false
        ) as is_risk_saved,
        material_ai_events > 0 as is_ai_assisted,
        {%- for involvement in involvement_types() %}
            {{ involvement }}_events > 0 as has_{{ involvement }},
        {%- endfor %}
        shadow_ai_events > 0 as has_shadow_ai,
        cast(material_ai_events as {{ dbt.type_bigint() }})
            as material_ai_events,
        {%- for involvement in involvement_types() %}
            cast({{ involvement }}_events as {{ dbt.type_bigint() }})
                as {{ involvement }}_events,
        {%- endfor %}
        cast(non_material_ai_events as {{ dbt.type_bigint() }})
            as non_material_ai_events,
        cast(shadow_ai_events as {{ dbt.type_bigint() }}) as shadow_ai_events,
        first_material_ai_at

    from joined

)

select * from final
