-- The data cut-off `as_of` (docs/definitions.md "Data cut-off and
-- maturity"): var('as_of') when set; otherwise, with var as_of_from =
-- 'fivetran_synced', the connector's sync time
-- (fivetran_<connector>__sync_cutoff); else the latest event in the data.
-- A window-based flag is judged only for rows whose window has fully elapsed
-- by this instant.
{%- set as_of_from = var('as_of_from') %}
{%- if as_of_from not in ['latest_event', 'fivetran_synced'] %}
    {{ exceptions.raise_compiler_error(
        "var as_of_from must be 'latest_event' or 'fivetran_synced', got '"
        ~ as_of_from ~ "'"
    ) }}
{%- endif %}
{%- if as_of_from == 'fivetran_synced' and helpdesk_source() == 'contract' %}
    {{ exceptions.raise_compiler_error(
        "var as_of_from = 'fivetran_synced' reads the sync time of a Fivetran"
        ~ " connector: set var helpdesk_source to fivetran_zendesk or"
        ~ " fivetran_intercom (it is 'contract'), or as_of_from to"
        ~ " latest_event"
    ) }}
{%- endif %}
{%- set from_sync = as_of_from == 'fivetran_synced' and var('as_of') is none %}
{%- set as_of_source = 'var' if var('as_of') is not none
    else ('fivetran_synced' if from_sync else 'latest_event') %}
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
{%- if from_sync %}

sync_cutoff as (

    -- The connector's tables are complete up to this instant (UTC).
    select
        cast(synced_as_of_at as {{ dbt.type_timestamp() }}) as synced_as_of_at
    from {{ ref(helpdesk_source() ~ '__sync_cutoff') }}

),
{%- endif %}

span as (

    select
        {{ 'max(sync_cutoff.synced_as_of_at)' if from_sync
            else as_of_expression('event_times.latest_at') }} as as_of_at,
        min(event_times.earliest_at) as data_start_at,
        max(event_times.latest_at) as data_end_at

    from event_times
    {%- if from_sync %}
    cross join sync_cutoff
    {%- endif %}

),

final as (

    -- var as_of outside the data's span fails the build here, naming the
    -- var: before the first event every spine would be empty, after the
    -- last (plus var as_of_max_days_after_data) immature rows would be
    -- judged mature. A sync time is checked against the first event only:
    -- the connector vouches that the data is complete up to it, however
    -- quiet the days before it were.
    select
        coalesce(
            {{ fail_when(
                'span.as_of_at < span.data_start_at',
                "concat('" ~ ("the Fivetran sync time (var as_of_from)"
                if from_sync else "var as_of") ~ " (', cast(span.as_of_at as "
                ~ dbt.type_string() ~ "), ') is before the first event "
                ~ "in the data (', cast(span.data_start_at as "
                ~ dbt.type_string() ~ "), ')')",
            ) }},
            {%- if not from_sync %}
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
            {%- endif %}
            span.as_of_at
        ) as as_of_at,
        '{{ as_of_source }}' as as_of_source,
        span.data_start_at

    from span

)

select * from final
