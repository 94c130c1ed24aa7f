{{ config(enabled=var('helpdesk_source') == 'fivetran_intercom') }}
-- The current version of each conversation. conversation_history keeps a
-- row per update (id + updated_at), as dbt_intercom reads it; the latest
-- updated_at (then the latest sync) is the conversation as it stands. The
-- older versions are counted in fivetran_intercom__row_dispositions.
with conversations as (

    select * from {{ source('fivetran_intercom', 'conversation_history') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by id
            order by updated_at desc, _fivetran_synced desc
        ) as version_rank

    from conversations

),

final as (

    select * from ranked
    where version_rank = 1

)

select * from final
