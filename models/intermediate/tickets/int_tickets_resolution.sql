-- How each ticket was resolved, and whether the resolution holds: the one
-- place the resolution path, claimed / true / vendor-billable AI resolution
-- and first contact resolution are decided (docs/definitions.md,
-- "Resolution path" and "AI resolution: claimed, true, billable").
--
-- "Support Automation Success Metrics" (Halo AI): "'resolved' means the
-- customer's problem was actually solved, not just that the ticket was
-- closed automatically ... You need to track whether customers return with
-- the same issue within a reasonable timeframe, whether they escalate to
-- human support after an automated interaction, and whether they indicate
-- satisfaction with the resolution."
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

messages as (

    select * from {{ ref('int_helpdesk_messages_classified') }}

),

repeat_contacts as (

    select * from {{ ref('int_tickets_repeat_contacts') }}

),

surveys as (

    select * from {{ ref('int_tickets_surveys_pivoted') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

-- The message flags (public replies, hand-offs, reopens) are decided in
-- int_helpdesk_messages_classified; here only "after the solve" is added.
ticket_messages as (

    select
        messages.ticket_id,
        messages.created_at,
        messages.is_ai_reply,
        messages.is_human_reply,
        messages.is_support_reply,
        messages.is_handoff,
        messages.is_customer_message,
        messages.is_reopen_event,
        coalesce(
            messages.created_at > tickets.solved_at, false
        ) as is_after_solve

    from messages
    inner join tickets
        on messages.ticket_id = tickets.ticket_id

),

conversations as (

    select
        ticket_id,
        sum(case when is_ai_reply then 1 else 0 end) as ai_public_replies,
        sum(case when is_human_reply then 1 else 0 end) as human_public_replies,
        sum(case when is_handoff then 1 else 0 end) as handoffs,
        sum(
            case
                when is_support_reply and not is_after_solve
                    then 1
                else 0
            end
        ) as support_replies_before_resolution,
        -- A reopen is a `reopened` event after the ticket was solved.
        sum(
            case when is_reopen_event and is_after_solve then 1 else 0 end
        ) as reopens,
        -- "Support Automation Success Metrics": "did they have to rephrase
        -- their question three times before getting a useful response?"
        -- Customer messages up to the solve (all of them while unsolved) are
        -- the friction proxy.
        sum(
            case
                when is_customer_message and not is_after_solve then 1 else 0
            end
        ) as customer_messages_before_resolution,
        min(
            case when is_customer_message and is_after_solve then created_at end
        ) as first_customer_message_after_solve_at

    from ticket_messages
    group by 1

),

joined as (

    select
        tickets.ticket_id,
        tickets.created_at,
        tickets.solved_at,
        tickets.solved_at is not null as is_solved,
        cast(
            coalesce(conversations.ai_public_replies, 0)
            as {{ dbt.type_bigint() }}
        ) as ai_public_replies,
        cast(
            coalesce(conversations.human_public_replies, 0)
            as {{ dbt.type_bigint() }}
        ) as human_public_replies,
        cast(
            coalesce(conversations.handoffs, 0) as {{ dbt.type_bigint() }}
        ) as handoff_count,
        cast(
            coalesce(conversations.support_replies_before_resolution, 0)
            as {{ dbt.type_bigint() }}
        ) as support_replies_before_resolution,
        cast(
            coalesce(conversations.reopens, 0) as {{ dbt.type_bigint() }}
        ) as reopen_count,
        cast(
            coalesce(conversations.customer_messages_before_resolution, 0)
            as {{ dbt.type_bigint() }}
        ) as customer_messages_before_resolution,
        conversations.first_customer_message_after_solve_at,
        repeat_contacts.is_mature_short_window,
        repeat_contacts.is_repeat_contact_short_window,
        surveys.csat_score,
        data_cutoff.as_of_at,
        {{ dbt.dateadd(
            'hour',
            var('vendor_resolution_window_hours'),
            'tickets.solved_at',
        ) }} as vendor_window_ends_at

    from tickets
    left join conversations
        on tickets.ticket_id = conversations.ticket_id
    left join repeat_contacts
        on tickets.ticket_id = repeat_contacts.ticket_id
    left join surveys
        on tickets.ticket_id = surveys.ticket_id
    cross join data_cutoff

),

-- ai_only (only the AI agent answered), ai_to_human (AI answered, then a
-- hand-off or a human reply), human_only, unanswered. Judged on the whole
-- conversation, so an AI-solved ticket a human later picks up is
-- ai_to_human.
pathed as (

    select
        *,
        case
            when
                ai_public_replies > 0
                and (handoff_count > 0 or human_public_replies > 0)
                then 'ai_to_human'
            when ai_public_replies > 0 then 'ai_only'
            when human_public_replies > 0 then 'human_only'
            else 'unanswered'
        end as resolution_path,
        handoff_count > 0 or human_public_replies > 0 as has_escalation,
        reopen_count > 0 as is_reopened

    from joined

),

claimed as (

    select
        *,
        -- Claimed AI resolution: what a vendor dashboard counts, any
        -- AI-only ticket that was solved.
        resolution_path = 'ai_only' and is_solved as is_claimed_ai_resolution

    from pathed

),

-- Window-based flags of a solved ticket stay null until the window has
-- elapsed by as_of (the ticket is "mature"): left out of the rate's
-- denominator, not counted as good. An unsolved ticket is judged at once:
-- not resolved.
final as (

    select
        ticket_id,
        created_at,
        solved_at,
        is_solved,
        resolution_path,
        ai_public_replies,
        human_public_replies,
        support_replies_before_resolution,
        handoff_count,
        has_escalation,
        reopen_count,
        is_reopened,
        customer_messages_before_resolution,
        first_customer_message_after_solve_at,
        vendor_window_ends_at,
        is_claimed_ai_resolution,
        -- True (verified) AI resolution: claimed, and not reopened, no
        -- repeat contact within the short window (var
        -- repeat_window_short_days), no escalation, and - where a CSAT
        -- answer exists - a satisfied CSAT answer.
        case
            when not is_solved then false
            when not is_mature_short_window then null
            else
                is_claimed_ai_resolution
                and not is_reopened
                and not is_repeat_contact_short_window
                and not has_escalation
                and coalesce({{ is_csat_satisfied('csat_score') }}, true)
        end as is_true_ai_resolution,
        -- Vendor-style billable resolution: solved by the AI with no further
        -- customer message within var vendor_resolution_window_hours of
        -- solved_at (a message exactly at the window's end still counts).
        case
            when not is_solved then false
            when vendor_window_ends_at > as_of_at then null
            else
                is_claimed_ai_resolution
                and coalesce(
                    first_customer_message_after_solve_at
                    > vendor_window_ends_at,
                    true
                )
        end as is_vendor_billable_resolution,
        -- First contact resolution ("Key Metrics That Matter": "Percentage
        -- of issues resolved in the first interaction"): solved with exactly
        -- one public support-side reply (AI or human), no reopen, no repeat
        -- contact within the short window.
        case
            when not is_solved then false
            when not is_mature_short_window then null
            else
                support_replies_before_resolution = 1
                and not is_reopened
                and not is_repeat_contact_short_window
        end as is_first_contact_resolution

    from claimed

)

select * from final
