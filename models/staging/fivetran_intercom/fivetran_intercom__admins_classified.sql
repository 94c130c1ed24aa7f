{{ config(enabled=var('helpdesk_source') == 'fivetran_intercom') }}
-- Every Intercom admin (teammate) with its first team and whether it is the
-- AI agent: an admin listed in var intercom_ai_admin_ids, or a member of a
-- team listed in var intercom_ai_team_ids (an AI agent working from an
-- admin seat). Parts written by author_type bot are the AI agent anyway
-- (var intercom_ai_author_types, see fivetran_intercom__parts_classified).
with admins as (

    select * from {{ source('fivetran_intercom', 'admin') }}

),

team_admins as (

    select * from {{ source('fivetran_intercom', 'team_admin') }}

),

memberships as (

    select
        {{ fivetran_text('admin_id') }} as admin_id,
        min({{ fivetran_text('team_id') }}) as team_id,
        max(
            case
                when {{ fivetran_in_list(
                    fivetran_text('team_id'), var('intercom_ai_team_ids')
                ) }} then 1
                else 0
            end
        ) = 1 as is_in_ai_team

    from team_admins
    where not coalesce(_fivetran_deleted, false)
    group by 1

),

final as (

    select
        {{ fivetran_text('admins.id') }} as admin_id,
        admins.name as admin_name,
        admins.email,
        memberships.team_id,
        coalesce(admins._fivetran_deleted, false) as is_deleted,
        coalesce(
            {{ fivetran_in_list(
                fivetran_text('admins.id'), var('intercom_ai_admin_ids')
            ) }}
            or memberships.is_in_ai_team,
            false
        ) as is_ai_agent

    from admins
    left join memberships
        on {{ fivetran_text('admins.id') }} = memberships.admin_id

)

select * from final
