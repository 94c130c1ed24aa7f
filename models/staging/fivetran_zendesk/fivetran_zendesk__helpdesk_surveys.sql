{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Zendesk satisfaction in the shape of the export contract's
-- helpdesk_surveys: one answer per ticket, the last good / bad value of the
-- ticket's satisfaction_score field (ticket_field_history, as dbt_zendesk
-- reads it; 'offered' and 'unoffered' are not answers, and a changed rating
-- replaces the earlier one). Zendesk's scale is binary, so by default
-- (var zendesk_csat_scale = 'binary') the answer is survey_type
-- csat_binary with score 1 = good, 0 = bad, not a forced 5 / 1;
-- 'five_point' writes csat 5 / 1 for a staging without csat_binary.
{%- set scale = fivetran_choice(
    'zendesk_csat_scale', ['binary', 'five_point'],
) %}
with history as (

    select * from {{ source('fivetran_zendesk', 'ticket_field_history') }}

),

deleted_tickets as (

    select * from {{ ref('fivetran_zendesk__deleted_tickets') }}

),

answers as (

    select
        {{ fivetran_text('history.ticket_id') }} as ticket_id,
        history.updated as responded_at,
        lower(trim(history.value)) as rating,
        {{ fivetran_zendesk_history_key('history') }} as connector_key,
        row_number() over (
            partition by history.ticket_id
            order by history.updated desc, history.value asc
        ) as answer_rank

    from history
    where
        history.field_name = 'satisfaction_score'
        and lower(trim(history.value)) in ('good', 'bad')

),

final as (

    select
        {{ dbt.concat(["'csat:'", 'answers.ticket_id']) }} as survey_id,
        answers.ticket_id,
        {{ fivetran_text('answers.responded_at') }} as responded_at,
        {%- if scale == 'binary' %}
            'csat_binary' as survey_type,
            case when answers.rating = 'good' then '1' else '0' end as score,
        {%- else %}
        'csat' as survey_type,
        case when answers.rating = 'good' then '5' else '1' end as score,
        {%- endif %}
        'ticket_field_history' as _connector_table,
        answers.connector_key as _connector_key

    from answers
    left join deleted_tickets
        on answers.ticket_id = deleted_tickets.ticket_id
    where answers.answer_rank = 1 and deleted_tickets.ticket_id is null

)

select * from final
