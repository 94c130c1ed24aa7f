-- The period the CS metrics report on: from the data's first event to the
-- cut-off as_of (SPEC.md "Definitions"). The first event is taken over the
-- same events int_data_cutoff takes the latest of, so both ends of the
-- window come from the same data.
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

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

earliest_events as (

    select min(created_at) as earliest_at from tickets
    union all
    select min(created_at) as earliest_at from messages
    union all
    select min(occurred_at) as earliest_at from ai_events
    union all
    select min(opened_at) as earliest_at from interventions

),

data_start as (

    select min(earliest_at) as data_start_at

    from earliest_events

),

final as (

    select
        data_start.data_start_at,
        data_cutoff.as_of_at,
        {{ iso_week_start('data_start.data_start_at') }} as first_week_start,
        {{ iso_week_start('data_cutoff.as_of_at') }} as last_week_start,
        {{ month_start('data_start.data_start_at') }} as first_month,
        {{ month_start('data_cutoff.as_of_at') }} as last_month

    from data_start
    cross join data_cutoff

)

select * from final
