{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- The hand-off from the AI agent to a human, one per ticket at most: the
-- first time, at or after the AI agent's first public reply, that the
-- ticket is assigned (ticket_field_history, field assignee_id) to an
-- internal user who is not the AI agent. A human reply without such an
-- assignment is still seen downstream (resolution path ai_to_human).
with history as (

    select * from {{ source('fivetran_zendesk', 'ticket_field_history') }}

),

users as (

    select * from {{ ref('fivetran_zendesk__users_classified') }}

),

messages as (

    select * from {{ ref('fivetran_zendesk__comments_classified') }}

),

first_ai_replies as (

    select
        ticket_id,
        min(created_at) as first_ai_reply_at

    from messages
    where author_role = 'ai_agent' and is_public
    group by 1

),

human_assignments as (

    select
        {{ fivetran_text('history.ticket_id') }} as ticket_id,
        history.updated as assigned_at,
        {{ fivetran_zendesk_history_key('history') }} as connector_key

    from history
    inner join users
        on {{ fivetran_text('history.value') }} = users.user_id
    where
        history.field_name = 'assignee_id'
        and users.is_internal
        and not users.is_ai_agent

),

ranked as (

    select
        human_assignments.*,
        row_number() over (
            partition by human_assignments.ticket_id
            order by
                human_assignments.assigned_at, human_assignments.connector_key
        ) as assignment_rank

    from human_assignments
    inner join first_ai_replies
        on human_assignments.ticket_id = first_ai_replies.ticket_id
    where human_assignments.assigned_at >= first_ai_replies.first_ai_reply_at

),

final as (

    select
        ticket_id,
        assigned_at as handoff_at,
        connector_key

    from ranked
    where assignment_rank = 1

)

select * from final
