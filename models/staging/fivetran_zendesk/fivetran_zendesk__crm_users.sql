{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Zendesk agents and admins in the shape of the export contract's
-- crm_users (used when var fivetran_feeds_crm is true): the people who
-- answer tickets. End-users are customers and the AI agent is not an
-- employee; both are left out (fivetran_zendesk__row_dispositions). Zendesk
-- has no hire date: hired_at is missing (staging must accept that, see
-- docs/fivetran_sources.md); an agent is a support_agent, an admin a
-- manager; the team is the agent's default group.
with users as (

    select * from {{ ref('fivetran_zendesk__users_classified') }}

),

groups as (

    select * from {{ source('fivetran_zendesk', 'group') }}

),

final as (

    select
        users.user_id,
        users.user_name as full_name,
        users.email,
        users.phone,
        case
            when users.zendesk_role = 'admin' then 'manager'
            else 'support_agent'
        end as role,  -- noqa: RF04
        groups.name as team,
        cast(null as {{ dbt.type_string() }}) as segment_focus,
        cast(null as {{ dbt.type_string() }}) as hired_at,
        cast(null as {{ dbt.type_string() }}) as terminated_at,
        'user' as _connector_table,
        users.user_id as _connector_key

    from users
    left join groups
        on users.default_group_id = {{ fivetran_text('groups.id') }}
    where users.is_internal and not users.is_ai_agent

)

select * from final
