-- The data cut-off `as_of` (docs/definitions.md "Data cut-off and
-- maturity"): var('as_of') when set, otherwise the latest event in the data.
-- A window-based flag is judged only for rows whose window has fully elapsed
-- by this instant.
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

event_times as (

    -- Every timestamp the data's span is judged by: earliest and latest.
    select
        min(created_at) as earliest_at,
        max(created_at) as latest_at
    from tickets
    union all
    select
        cast(null as {{ dbt.type_timestamp() }}) as earliest_at,
        max(solved_at) as latest_at
    from tickets
    union all
    select
        min(created_at) as earliest_at,
        max(created_at) as latest_at
    from messages
    union all
    select
        min(occurred_at) as earliest_at,
        max(occurred_at) as latest_at
    from ai_events
    union all
    select
        min(opened_at) as earliest_at,
        max(opened_at) as latest_at
    from interventions
    union all
    select
        cast(null as {{ dbt.type_timestamp() }}) as earliest_at,
        max(closed_at) as latest_at
    from interventions

),

span as (

    select
        {{ as_of_expression('latest_at') }} as as_of_at,
        min(earliest_at) as data_start_at,
        max(latest_at) as data_end_at

    from event_times

),

final as (

    -- var as_of outside the data's span fails the build here, naming the
    -- var: before the first event every spine would be empty, after the
    -- last (plus var as_of_max_days_after_data) immature rows would be
    -- judged mature.
    select
        coalesce(
            {{ fail_when(
                'span.as_of_at < span.data_start_at',
                "concat('var as_of (', cast(span.as_of_at as "
                ~ dbt.type_string() ~ "), ') is before the first event "
                ~ "in the data (', cast(span.data_start_at as "
                ~ dbt.type_string() ~ "), ')')",
            ) }},
            {{ fail_when(
                dbt.dateadd(
                    'day',
                    -1 * var('as_of_max_days_after_data'),
                    'span.as_of_at',
                ) ~ ' > span.data_end_at',
                "concat('var as_of (', cast(span.as_of_at as "
                ~ dbt.type_string() ~ "), ') is more than "
                ~ var('as_of_max_days_after_data')
                ~ " day(s) (var as_of_max_days_after_data) after the last "
                ~ "event in the data (', cast(span.data_end_at as "
                ~ dbt.type_string() ~ "), ')')",
            ) }},
            span.as_of_at
        ) as as_of_at,
        {{ "'var'" if var('as_of') is not none else "'latest_event'" }}
            as as_of_source,
        span.data_start_at

    from span

)

select * from final
