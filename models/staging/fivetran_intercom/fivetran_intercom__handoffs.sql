{{ config(enabled=var('helpdesk_source') == 'fivetran_intercom') }}
-- The hand-off from the AI agent to a human, one per conversation at most:
-- the first assignment part (assignment, default_assignment,
-- assign_and_reopen, ...) at or after the AI agent's first reply that
-- assigns the conversation to a human: an admin who is not the AI agent,
-- or a team not listed in var intercom_ai_team_ids.
with parts as (

    select * from {{ ref('fivetran_intercom__parts_classified') }}

),

admins as (

    select * from {{ ref('fivetran_intercom__admins_classified') }}

),

first_ai_replies as (

    select
        conversation_id,
        min(created_at) as first_ai_reply_at

    from parts
    where author_role = 'ai_agent' and part_type = 'comment'
    group by 1

),

human_assignments as (

    select
        parts.conversation_id,
        parts.part_id,
        parts.connector_key,
        parts.created_at,
        row_number() over (
            partition by parts.conversation_id
            order by parts.created_at, parts.part_id
        ) as assignment_rank

    from parts
    inner join first_ai_replies
        on parts.conversation_id = first_ai_replies.conversation_id
    left join admins
        on parts.assigned_to_id = admins.admin_id
    where
        parts.part_type like '%assign%'
        and parts.created_at >= first_ai_replies.first_ai_reply_at
        and (
            (
                parts.assigned_to_type = 'admin'
                and not coalesce(admins.is_ai_agent, false)
            )
            or (
                parts.assigned_to_type = 'team'
                and not {{ fivetran_in_list(
                    'parts.assigned_to_id', var('intercom_ai_team_ids')
                ) }}
            )
        )

),

final as (

    select
        conversation_id,
        part_id,
        connector_key,
        created_at as handoff_at

    from human_assignments
    where assignment_rank = 1

)

select * from final
