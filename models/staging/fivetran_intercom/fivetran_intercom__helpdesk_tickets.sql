{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Intercom conversations (their current version) in the shape of the
-- export contract's helpdesk_tickets (docs/raw_exports.md, every column
-- text). Judgement calls (docs/fivetran_sources.md), each a var:
-- * requester: the author of the opening message when a contact, else the
--   first contact who wrote a part; account: the conversation's company,
--   else the requester's company;
-- * category from var intercom_category_from (team or tag_prefix);
--   uncategorised conversations keep category null and are warned about;
-- * state closed -> closed, snoozed -> pending, open -> open; solved_at is
--   the first close, last_solved_at the last one;
-- * initiated_by 'agent' when source_delivered_as is one of var
--   intercom_outbound_delivered_as, else 'customer';
-- * Intercom has no merge: merged_into_ticket_id stays empty.
{%- set category_from = fivetran_choice(
    'intercom_category_from', ['team', 'tag_prefix'],
) %}
{%- set prefix = var('intercom_category_tag_prefix') or '' %}
with conversations as (

    select * from {{ ref('fivetran_intercom__conversations_latest') }}

),

parts as (

    select * from {{ ref('fivetran_intercom__parts_classified') }}

),

contacts as (

    select * from {{ source('fivetran_intercom', 'contact_history') }}

),

contact_companies as (

    select * from {{ source('fivetran_intercom', 'contact_company_history') }}

),

teams as (

    select * from {{ source('fivetran_intercom', 'team') }}

),

conversation_tags as (

    select * from {{ source('fivetran_intercom', 'conversation_tag_history') }}

),

tags as (

    select * from {{ source('fivetran_intercom', 'tag') }}

),

latest_contacts as (

    select
        {{ fivetran_text('id') }} as contact_id,
        email,
        row_number() over (
            partition by id order by updated_at desc, _fivetran_synced desc
        ) as version_rank

    from contacts

),

contact_company as (

    select
        {{ fivetran_text('contact_id') }} as contact_id,
        min({{ fivetran_text('company_id') }}) as company_id

    from contact_companies
    group by 1

),

part_facts as (

    select
        conversation_id,
        min(case when state_after = 'closed' then created_at end)
            as first_closed_at,
        max(case when state_after = 'closed' then created_at end)
            as last_closed_at,
        min_by(
            author_id,
            case when author_role = 'customer' then created_at end
        ) as first_contact_author_id

    from parts
    group by 1

),

tag_categories as (

    select
        {{ fivetran_text('conversation_tags.conversation_id') }}
            as conversation_id,
        min(substring(tags.name, {{ prefix | length + 1 }})) as category

    from conversation_tags
    inner join tags
        on conversation_tags.tag_id = tags.id
    where
        substring(tags.name, 1, {{ prefix | length }})
        = {{ fivetran_sql_string(prefix) }}
        and length(tags.name) > {{ prefix | length }}
    group by 1

),

requesters as (

    select
        {{ fivetran_text('conversations.id') }} as conversation_id,
        case
            when
                lower(conversations.source_author_type) in (
                    'user', 'lead', 'contact'
                )
                then {{ fivetran_text('conversations.source_author_id') }}
            else part_facts.first_contact_author_id
        end as requester_id

    from conversations
    left join part_facts
        on {{ fivetran_text('conversations.id') }} = part_facts.conversation_id

),

final as (

    select
        requesters.conversation_id as ticket_id,
        requesters.requester_id,
        latest_contacts.email as requester_email,
        coalesce(
            {{ fivetran_text('conversations.company_id') }},
            contact_company.company_id
        ) as account_id,
        {{ fivetran_map_values(
            'conversations.source_type', var('intercom_channel_map')
        ) }} as channel,
        case {{ fivetran_sql_string(category_from) }}
            when 'team' then teams.name
            else tag_categories.category
        end as category,
        {{ fivetran_map_values(
            'conversations.priority', var('intercom_priority_map')
        ) }} as priority,
        cast(null as {{ dbt.type_string() }}) as complexity,
        {{ fivetran_text('conversations.created_at') }} as created_at,
        case lower(conversations.state)
            when 'closed' then 'closed'
            when 'snoozed' then 'pending'
            when 'open' then 'open'
        end as status,
        {{ fivetran_text('part_facts.first_closed_at') }} as solved_at,
        {{ fivetran_text('part_facts.last_closed_at') }} as last_solved_at,
        case
            when {{ fivetran_in_list(
                'lower(conversations.source_delivered_as)',
                var('intercom_outbound_delivered_as'),
            ) }} then 'agent'
            else 'customer'
        end as initiated_by,
        cast(null as {{ dbt.type_string() }}) as merged_into_ticket_id,
        'conversation_history' as _connector_table,
        {{ fivetran_intercom_version_key('conversations') }} as _connector_key

    from requesters
    inner join conversations
        on requesters.conversation_id = {{ fivetran_text('conversations.id') }}
    left join part_facts
        on requesters.conversation_id = part_facts.conversation_id
    left join latest_contacts
        on
            requesters.requester_id = latest_contacts.contact_id
            and latest_contacts.version_rank = 1
    left join contact_company
        on requesters.requester_id = contact_company.contact_id
    left join teams
        on conversations.team_assignee_id = teams.id
    left join tag_categories
        on requesters.conversation_id = tag_categories.conversation_id

)

select * from final
