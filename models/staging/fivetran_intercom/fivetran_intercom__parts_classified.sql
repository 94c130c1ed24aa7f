{{ config(enabled=var('helpdesk_source') == 'fivetran_intercom') }}
-- The current version of every conversation part, with its author's role
-- and what it does to the conversation's state. Author roles: customer
-- (author_type user / lead / contact), ai_agent (author_type in var
-- intercom_ai_author_types, or an admin that is the AI agent, see
-- fivetran_intercom__admins_classified), agent (another admin), system.
-- State: close closes; snoozed snoozes; open, assign_and_reopen open;
-- timer_unsnooze, assign_and_unsnooze end a snooze. An open after a snooze
-- is an unsnooze, NOT a reopen (dbt_intercom counts every open as one); a
-- reopen is an open after a close, or (var
-- intercom_customer_reply_reopens) a customer comment after a close.
with parts as (

    select * from {{ source('fivetran_intercom', 'conversation_part_history') }}

),

admins as (

    select * from {{ ref('fivetran_intercom__admins_classified') }}

),

latest_parts as (

    select
        *,
        row_number() over (
            partition by id
            order by updated_at desc, _fivetran_synced desc
        ) as version_rank

    from parts

),

classified as (

    select
        {{ fivetran_text('latest_parts.id') }} as part_id,
        {{ fivetran_intercom_version_key('latest_parts') }} as connector_key,
        {{ fivetran_text('latest_parts.conversation_id') }} as conversation_id,
        latest_parts.created_at,
        lower(latest_parts.part_type) as part_type,
        lower(latest_parts.author_type) as author_type,
        {{ fivetran_text('latest_parts.author_id') }} as author_id,
        latest_parts.body,
        {{ fivetran_text('latest_parts.assigned_to_id') }} as assigned_to_id,
        lower(latest_parts.assigned_to_type) as assigned_to_type,
        case
            when lower(latest_parts.author_type) in ('user', 'lead', 'contact')
                then 'customer'
            when {{ fivetran_in_list(
                'lower(latest_parts.author_type)', var('intercom_ai_author_types')
            ) }} then 'ai_agent'
            when
                lower(latest_parts.author_type) = 'admin' and admins.is_ai_agent
                then 'ai_agent'
            when lower(latest_parts.author_type) = 'admin' then 'agent'
            else 'system'
        end as author_role,
        lower(latest_parts.author_type) = 'admin' and admins.admin_id is null
            as is_unknown_admin,
        case lower(latest_parts.part_type)
            when 'close' then 'closed'
            when 'snoozed' then 'snoozed'
            when 'open' then 'open'
            when 'assign_and_reopen' then 'open'
            when 'timer_unsnooze' then 'unsnoozed'
            when 'assign_and_unsnooze' then 'unsnoozed'
        end as state_after

    from latest_parts
    left join admins
        on {{ fivetran_text('latest_parts.author_id') }} = admins.admin_id
    where latest_parts.version_rank = 1

),

sequenced as (

    -- The n-th state-changing part of the conversation; a part that changes
    -- no state carries the number of the last one before it.
    select
        *,
        sum(case when state_after is not null then 1 else 0 end) over (
            partition by conversation_id
            order by created_at, part_id
            rows between unbounded preceding and current row
        ) as state_seq

    from classified

),

ranked as (

    -- Only the first customer comment after a state change can reopen.
    select
        *,
        row_number() over (
            partition by
                conversation_id,
                state_seq,
                part_type = 'comment' and author_role = 'customer'
            order by created_at, part_id
        ) as rank_in_state

    from sequenced

),

state_parts as (

    select
        conversation_id,
        state_seq,
        state_after

    from sequenced
    where state_after is not null

),

final as (

    select
        sequenced.part_id,
        sequenced.connector_key,
        sequenced.conversation_id,
        sequenced.created_at,
        sequenced.part_type,
        sequenced.author_type,
        sequenced.author_id,
        sequenced.author_role,
        sequenced.body,
        sequenced.assigned_to_id,
        sequenced.assigned_to_type,
        sequenced.state_after,
        previous_state.state_after as state_before,
        sequenced.is_unknown_admin,
        coalesce(
            sequenced.state_after = 'open'
            and previous_state.state_after = 'closed',
            false
        )
        {%- if var('intercom_customer_reply_reopens') %}
            or coalesce(
                sequenced.state_after is null
                and sequenced.part_type = 'comment'
                and sequenced.author_role = 'customer'
                and sequenced.rank_in_state = 1
                and previous_state.state_after = 'closed',
                false
            )
        {%- endif %} as is_reopen,
        coalesce(
            sequenced.state_after = 'unsnoozed'
            or (
                sequenced.state_after = 'open'
                and previous_state.state_after = 'snoozed'
            ),
            false
        ) as is_unsnooze

    from ranked as sequenced
    left join state_parts as previous_state
        on
            sequenced.conversation_id = previous_state.conversation_id
            and previous_state.state_seq
            = sequenced.state_seq
            - case when sequenced.state_after is not null then 1 else 0 end

)

select * from final
