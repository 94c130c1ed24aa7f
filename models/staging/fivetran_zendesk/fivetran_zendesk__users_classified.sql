{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- Every Zendesk user with what the project needs to know about it: internal
-- (agent / admin) or a customer (end-user), and whether it is the AI agent.
-- Zendesk has no bot author type, so the AI agent is named by var: its user
-- ids (zendesk_ai_agent_user_ids, any role) or a case-insensitive SQL LIKE
-- pattern on an internal user's name (zendesk_ai_agent_name_pattern; a
-- customer whose name matches is never taken for the AI agent).
{%- set name_pattern = var('zendesk_ai_agent_name_pattern') %}
with users as (

    select * from {{ source('fivetran_zendesk', 'user') }}

),

classified as (

    select
        {{ fivetran_text('users.id') }} as user_id,
        users.name as user_name,
        users.email,
        users.phone,
        lower(users.role) as zendesk_role,
        coalesce(lower(users.role) in ('agent', 'admin'), false)
            as is_internal,
        {{ fivetran_text('users.organization_id') }} as organization_id,
        {{ fivetran_text('users.default_group_id') }} as default_group_id,
        users.active as is_active

    from users

),

final as (

    select
        *,
        coalesce(
            {{ fivetran_in_list('user_id', var('zendesk_ai_agent_user_ids')) }}
            {%- if name_pattern %}
            or (
                is_internal
                and lower(user_name)
                like lower({{ fivetran_sql_string(name_pattern) }})
            )
            {%- endif %},
            false
        ) as is_ai_agent

    from classified

)

select * from final
