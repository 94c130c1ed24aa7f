{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Zendesk organizations in the shape of the export contract's crm_accounts
-- (used when var fivetran_feeds_crm is true). Zendesk knows no segment: it
-- comes from an organization tag starting with var
-- zendesk_segment_tag_prefix ('segment_enterprise' -> 'enterprise', spelled
-- as staging's segment enum accepts); without one it is missing and staging
-- decides (Unknown). No owner, industry, ARR or churn date in Zendesk.
{%- set prefix = var('zendesk_segment_tag_prefix') or '' %}
with organizations as (

    select * from {{ source('fivetran_zendesk', 'organization') }}

),

organization_tags as (

    select * from {{ source('fivetran_zendesk', 'organization_tag') }}

),

segments as (

    select
        organization_id,
        min(substring(tag, {{ prefix | length + 1 }})) as segment

    from organization_tags
    where
        {%- if prefix %}
            substring(tag, 1, {{ prefix | length }})
            = {{ fivetran_sql_string(prefix) }}
            and length(tag) > {{ prefix | length }}
        {%- else %}
        false
        {%- endif %}
    group by 1

),

final as (

    select
        {{ fivetran_text('organizations.id') }} as account_id,
        organizations.name as account_name,
        segments.segment,
        cast(null as {{ dbt.type_string() }}) as owner_csm_id,
        cast(null as {{ dbt.type_string() }}) as industry,
        {{ fivetran_text('organizations.created_at') }} as created_at,
        cast(null as {{ dbt.type_string() }}) as arr_usd,
        cast(null as {{ dbt.type_string() }}) as churned_at,
        'organization' as _connector_table,
        {{ fivetran_text('organizations.id') }} as _connector_key

    from organizations
    left join segments
        on organizations.id = segments.organization_id

)

select * from final
