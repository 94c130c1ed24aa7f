{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Intercom companies (their current version) in the shape of the export
-- contract's crm_accounts (used when var fivetran_feeds_crm is true).
-- Intercom has no segment, owner or ARR (monthly_spend is what you chose
-- to send it, not a contract value): those stay missing and staging decides.
with companies as (

    select * from {{ source('fivetran_intercom', 'company_history') }}

),

latest as (

    select
        *,
        row_number() over (
            partition by id order by updated_at desc, _fivetran_synced desc
        ) as version_rank

    from companies

),

final as (

    select
        {{ fivetran_text('id') }} as account_id,
        latest.name as account_name,
        cast(null as {{ dbt.type_string() }}) as segment,
        cast(null as {{ dbt.type_string() }}) as owner_csm_id,
        latest.industry,
        {{ fivetran_text('created_at') }} as created_at,
        cast(null as {{ dbt.type_string() }}) as arr_usd,
        cast(null as {{ dbt.type_string() }}) as churned_at,
        'company_history' as _connector_table,
        {{ fivetran_intercom_version_key('latest') }} as _connector_key

    from latest
    where latest.version_rank = 1

)

select * from final
