-- One row per helpdesk ticket: what happened to it and whether the
-- resolution held. Every rule is decided upstream, once: resolution path
-- and claimed / true / billable AI resolution and FCR in
-- int_tickets_resolution, repeat contacts in int_tickets_repeat_contacts,
-- copilot assistance in int_ai_events_classified (via
-- int_tickets_work_summarised). This model only joins them.
-- A ticket without a category (a Fivetran connector's ticket with no group,
-- tag or field to read it from) is kept as 'uncategorised', so every mart
-- counts it in its totals under that label (repeat contacts, which need a
-- category, still treat it as unidentifiable).
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

resolution as (

    select * from {{ ref('int_tickets_resolution') }}

),

repeat_contacts as (

    select * from {{ ref('int_tickets_repeat_contacts') }}

),

conversation as (

    select * from {{ ref('int_tickets_conversation_timed') }}

),

work as (

    select * from {{ ref('int_tickets_work_summarised') }}

),

surveys as (

    select * from {{ ref('int_tickets_surveys_pivoted') }}

),

final as (

    select
        tickets.ticket_id,
        tickets.requester_id,
        tickets.account_id,
        tickets.channel,
        coalesce(tickets.category, 'uncategorised') as category,
        tickets.priority,
        cast(tickets.complexity as {{ dbt.type_bigint() }}) as complexity,
        tickets.status,
        tickets.created_at,
        tickets.solved_at,
        {{ month_start('tickets.created_at') }} as ticket_month,
        {{ month_start('tickets.solved_at') }} as solved_month,
        {{ rollout_period('tickets.created_at') }} as rollout_period,
        resolution.is_solved,
        resolution.resolution_path,
        resolution.ai_public_replies,
        resolution.human_public_replies,
        resolution.support_replies_before_resolution,
        resolution.handoff_count,
        resolution.has_escalation,
        resolution.reopen_count,
        resolution.is_reopened,
        resolution.customer_messages_before_resolution,
        resolution.first_customer_message_after_solve_at,
        resolution.vendor_window_ends_at,
        conversation.first_ai_reply_at,
        conversation.first_human_reply_at,
        conversation.first_handoff_at,
        conversation.ai_first_response_seconds,
        conversation.human_first_response_seconds,
        work.time_entries,
        work.handle_seconds,
        work.is_copilot_assisted,
        work.copilot_drafts_sent,
        cast(surveys.csat_score as {{ dbt.type_bigint() }}) as csat_score,
        cast(surveys.ces_score as {{ dbt.type_bigint() }}) as ces_score,
        cast(surveys.nps_score as {{ dbt.type_bigint() }}) as nps_score,
        coalesce(surveys.csat_answers, 0) as csat_answers,
        coalesce(surveys.csat_satisfied_answers, 0) as csat_satisfied_answers,
        coalesce(surveys.ces_answers, 0) as ces_answers,
        coalesce(surveys.ces_score_sum, 0) as ces_score_sum,
        coalesce(surveys.nps_answers, 0) as nps_answers,
        coalesce(surveys.nps_promoter_answers, 0) as nps_promoter_answers,
        coalesce(surveys.nps_detractor_answers, 0) as nps_detractor_answers,
        conversation.scored_customer_messages,
        conversation.first_customer_sentiment,
        conversation.last_customer_sentiment,
        conversation.sentiment_shift,
        conversation.sentiment_shift < 0 as is_sentiment_deteriorating,
        repeat_contacts.next_same_issue_contact_at,
        {{ window_columns(['short', 'long', 'vendor']) }},
        repeat_contacts.is_mature_short_window,
        repeat_contacts.is_mature_long_window,
        repeat_contacts.is_repeat_contact_short_window,
        repeat_contacts.is_repeat_contact_long_window,
        resolution.is_claimed_ai_resolution,
        resolution.is_true_ai_resolution,
        resolution.is_vendor_billable_resolution,
        resolution.is_first_contact_resolution

    from tickets
    inner join resolution
        on tickets.ticket_id = resolution.ticket_id
    inner join repeat_contacts
        on tickets.ticket_id = repeat_contacts.ticket_id
    inner join conversation
        on tickets.ticket_id = conversation.ticket_id
    inner join work
        on tickets.ticket_id = work.ticket_id
    left join surveys
        on tickets.ticket_id = surveys.ticket_id

)

select * from final
