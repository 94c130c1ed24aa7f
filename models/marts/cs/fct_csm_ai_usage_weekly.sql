-- One row per CSM and ISO week in which the CSM was active (role csm, hired
-- on or before the week's last day (Sunday), not terminated before its
-- first day (Monday)), from the data's first week to as_of's week, weeks
-- without any AI use included. "CSM AI Adoption Rate": "'Active use' means
-- at least three documented AI-assisted interactions per week" with
-- "approved AI tools" (the threshold is var
-- adoption_min_weekly_interactions); shadow AI is counted apart and never
-- as adoption. Each involvement type is counted apart (macro
-- involvement_types), so the types add up to ai_assisted_interactions.
with users as (

    select * from {{ ref('stg_crm__users') }}

),

weeks as (

    select * from {{ ref('int_cs_reporting_weeks') }}

),

ai_events as (

    select * from {{ ref('int_ai_events_classified') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

csms as (

    select
        user_id as csm_id,
        team,
        {{ segment_or_unassigned('segment_focus') }} as segment,
        hired_at,
        terminated_at

    from users
    where role = 'csm'

),

-- Days, not instants: a CSM hired on Sunday afternoon or terminated on
-- Monday morning is active that week.
csm_weeks as (

    select
        csms.csm_id,
        weeks.week_start,
        weeks.week_end_date,
        weeks.report_month,
        weeks.is_complete_week,
        csms.segment,
        csms.team,
        csms.hired_at,
        csms.terminated_at

    from csms
    inner join weeks
        on
            cast(csms.hired_at as date) <= weeks.week_end_date
            and (
                csms.terminated_at is null
                or cast(csms.terminated_at as date) >= weeks.week_start
            )

),

-- The ISO week is taken from occurred_at here (not event_week_start) so
-- the unit test pins the Sunday / Monday boundary on this model.
user_week_events as (

    select
        ai_events.user_id as csm_id,
        {{ iso_week_start('ai_events.occurred_at') }} as week_start,
        {{ ai_event_counts(
            'ai_events', 'ai_assisted_interactions', '_interactions'
        ) }}

    from ai_events
    cross join data_cutoff
    where
        ai_events.user_id is not null
        and ai_events.occurred_at <= data_cutoff.as_of_at
    group by 1, 2

),

joined as (

    select
        csm_weeks.csm_id,
        csm_weeks.week_start,
        csm_weeks.week_end_date,
        csm_weeks.report_month,
        csm_weeks.is_complete_week,
        csm_weeks.segment,
        csm_weeks.team,
        -- Tenure at the start of the week (Monday 00:00 UTC).
        {{ tenure_band('csm_weeks.hired_at', 'csm_weeks.week_start') }}
            as tenure_band,
        coalesce(user_week_events.ai_assisted_interactions, 0)
            as ai_assisted_interactions,
        {%- for involvement in involvement_types() %}
            coalesce(user_week_events.{{ involvement }}_interactions, 0)
                as {{ involvement }}_interactions,
        {%- endfor %}
        coalesce(user_week_events.non_material_ai_events, 0)
            as non_material_ai_events,
        coalesce(user_week_events.shadow_ai_events, 0) as shadow_ai_events

    from csm_weeks
    left join user_week_events
        on
            csm_weeks.csm_id = user_week_events.csm_id
            and csm_weeks.week_start = user_week_events.week_start

),

final as (

    select
        csm_id,
        week_start,
        week_end_date,
        report_month,
        is_complete_week,
        segment,
        team,
        tenure_band,
        cast(ai_assisted_interactions as {{ dbt.type_bigint() }})
            as ai_assisted_interactions,
        ai_assisted_interactions
        >= {{ var('adoption_min_weekly_interactions') }} as is_adopter,
        {%- for involvement in involvement_types() %}
            cast({{ involvement }}_interactions as {{ dbt.type_bigint() }})
                as {{ involvement }}_interactions,
        {%- endfor %}
        cast(non_material_ai_events as {{ dbt.type_bigint() }})
            as non_material_ai_events,
        cast(shadow_ai_events as {{ dbt.type_bigint() }}) as shadow_ai_events,
        shadow_ai_events > 0 as is_shadow_ai_user

    from joined

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'week_start', grain='week', basis=none) }}
