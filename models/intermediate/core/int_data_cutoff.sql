-- The data cut-off `as_of` (SPEC.md "Definitions"): var('as_of') when set,
-- otherwise the latest event in the data. A window-based flag is judged only
-- for rows whose window has fully elapsed by this instant.
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

),

ai_events as (

    select * from {{ ref('stg_ai_telemetry__events') }}

),

interventions as (

    select * from {{ ref('stg_cs_platform__interventions') }}

),

latest_events as (

    select max(created_at) as latest_at from tickets
    union all
    select max(solved_at) as latest_at from tickets
    union all
    select max(created_at) as latest_at from messages
    union all
    select max(occurred_at) as latest_at from ai_events
    union all
    select max(opened_at) as latest_at from interventions
    union all
    select max(closed_at) as latest_at from interventions

),

final as (

    select
        {{ as_of_expression('latest_at') }} as as_of_at,
        {{ "'var'" if var('as_of') is not none else "'latest_event'" }}
            as as_of_source

    from latest_events

)

select * from final
