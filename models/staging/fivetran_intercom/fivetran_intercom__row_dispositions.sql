{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Every row of a mapped Intercom connector table that does NOT become a row
-- of the contract, and why ('not_used': an older version of a history row,
-- a part that only sets state or solve times, a contact, the AI agent).
-- fivetran_intercom__row_accounting adds these to the mapped rows and
-- checks they account for every raw row. Lookup tables (team, team_admin,
-- tag, conversation_tag_history, contact_company_history) are read, not
-- mapped.
with conversations as (

    select * from {{ source('fivetran_intercom', 'conversation_history') }}

),

latest_conversations as (

    select * from {{ ref('fivetran_intercom__conversations_latest') }}

),

parts as (

    select * from {{ source('fivetran_intercom', 'conversation_part_history') }}

),

classified_parts as (

    select * from {{ ref('fivetran_intercom__parts_classified') }}

),

handoffs as (

    select * from {{ ref('fivetran_intercom__handoffs') }}

),

contacts as (

    select * from {{ source('fivetran_intercom', 'contact_history') }}

),

companies as (

    select * from {{ source('fivetran_intercom', 'company_history') }}

),

admins as (

    select * from {{ ref('fivetran_intercom__admins_classified') }}

),

conversation_rows as (

    select
        'conversation_history' as connector_table,
        {{ fivetran_intercom_version_key('conversations') }} as connector_key,
        'not_used' as disposition,
        'older version of the conversation (the latest is mapped)' as reason

    from conversations
    left join latest_conversations
        on
            {{ fivetran_intercom_version_key('conversations') }}
            = {{ fivetran_intercom_version_key('latest_conversations') }}
    where latest_conversations.id is null

),

part_versions as (

    select
        'conversation_part_history' as connector_table,
        {{ fivetran_intercom_version_key('parts') }} as connector_key,
        'not_used' as disposition,
        'older version of the part (the latest is read)' as reason

    from parts
    left join classified_parts
        on
            {{ fivetran_intercom_version_key('parts') }}
            = classified_parts.connector_key
    where classified_parts.connector_key is null

),

part_rows as (

    select
        'conversation_part_history' as connector_table,
        classified_parts.connector_key,
        'not_used' as disposition,
        case
            when classified_parts.is_unsnooze
                then 'unsnooze: the end of a snooze, not a reopen'
            when classified_parts.state_after = 'closed'
                then 'close: read for status and solve times'
            when classified_parts.state_after = 'snoozed'
                then 'snooze: read for status'
            when classified_parts.state_after = 'open'
                then 'open of a conversation that was not closed'
            when classified_parts.part_type like '%assign%'
                then 'assignment that is not a hand-off from the AI agent'
            else {{ dbt.concat([
                "'part type '", "coalesce(classified_parts.part_type, '')",
                "' is not read'",
            ]) }}
        end as reason

    from classified_parts
    left join handoffs
        on classified_parts.connector_key = handoffs.connector_key
    where
        not classified_parts.is_reopen
        and handoffs.connector_key is null
        and not (
            classified_parts.part_type in ('comment', 'note')
            or (
                classified_parts.part_type like '%assign%'
                and classified_parts.body is not null
            )
        )

),

contact_rows as (

    select
        'contact_history' as connector_table,
        {{ fivetran_intercom_version_key('contacts') }} as connector_key,
        'not_used' as disposition,
        'contact: a customer (read for requester e-mail)' as reason

    from contacts

),

company_versions as (

    select
        {{ fivetran_intercom_version_key('companies') }} as connector_key,
        row_number() over (
            partition by companies.id
            order by companies.updated_at desc, companies._fivetran_synced desc
        ) as version_rank

    from companies

),

company_rows as (

    select
        'company_history' as connector_table,
        connector_key,
        'not_used' as disposition,
        case
            when version_rank > 1
                then 'older version of the company (the latest is mapped)'
            else 'crm_accounts come from the contract path'
        end as reason

    from company_versions
    where
        version_rank > 1
    {%- if not var('fivetran_feeds_crm') %} or true{% endif %}

),

admin_rows as (

    select
        'admin' as connector_table,
        admin_id as connector_key,
        'not_used' as disposition,
        case
        {%- if not var('fivetran_feeds_crm') %}
            when true then 'crm_users come from the contract path'
            {%- endif %}
            when is_ai_agent then 'the AI agent, not an employee'
        end as reason

    from admins
    where is_ai_agent {%- if not var('fivetran_feeds_crm') %} or true{% endif %}

),

final as (

    select * from conversation_rows
    union all
    select * from part_versions
    union all
    select * from part_rows
    union all
    select * from contact_rows
    union all
    select * from company_rows
    union all
    select * from admin_rows

)

select * from final
