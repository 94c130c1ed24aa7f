{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Intercom conversation ratings (1-5, the current version's) in the shape
-- of the export contract's helpdesk_surveys: survey_type csat, on the same
-- scale as the contract's CSAT.
with conversations as (

    select * from {{ ref('fivetran_intercom__conversations_latest') }}

),

final as (

    select
        {{ dbt.concat(["'rating:'", fivetran_text('id')]) }} as survey_id,
        {{ fivetran_text('id') }} as ticket_id,
        {{ fivetran_text(
            'coalesce(conversation_rating_created_at, updated_at)'
        ) }} as responded_at,
        'csat' as survey_type,
        {{ fivetran_text('conversation_rating_value') }} as score,
        'conversation_history' as _connector_table,
        {{ fivetran_intercom_version_key('conversations') }} as _connector_key

    from conversations
    where conversations.conversation_rating_value is not null

)

select * from final
