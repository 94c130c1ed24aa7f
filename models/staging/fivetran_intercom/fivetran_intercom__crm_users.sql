{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Intercom admins (teammates) in the shape of the export contract's
-- crm_users (used when var fivetran_feeds_crm is true), except the AI
-- agent, which is not an employee. Intercom has no hire date (hired_at
-- missing, see docs/fivetran_sources.md); every admin is a support_agent,
-- the team is the admin's first team.
with admins as (

    select * from {{ ref('fivetran_intercom__admins_classified') }}

),

teams as (

    select * from {{ source('fivetran_intercom', 'team') }}

),

final as (

    select
        admins.admin_id as user_id,
        admins.admin_name as full_name,
        admins.email,
        cast(null as {{ dbt.type_string() }}) as phone,
        'support_agent' as role,  -- noqa: RF04
        teams.name as team,
        cast(null as {{ dbt.type_string() }}) as segment_focus,
        cast(null as {{ dbt.type_string() }}) as hired_at,
        cast(null as {{ dbt.type_string() }}) as terminated_at,
        'admin' as _connector_table,
        admins.admin_id as _connector_key

    from admins
    left join teams
        on admins.team_id = {{ fivetran_text('teams.id') }}
    where not admins.is_ai_agent

)

select * from final
