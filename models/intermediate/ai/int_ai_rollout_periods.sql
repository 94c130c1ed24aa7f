-- One row: where the pre-AI baseline ends, the pilot runs and the rollout
-- starts (docs/definitions.md, "Rollout period"). The pilot starts at var
-- ai_pilot_start_date when set, otherwise at the first AI event: the
-- earliest of the first vendor contract's start and the first public AI
-- reply; never after var ai_rollout_date (no AI event before the rollout =
-- no pilot). Macro rollout_period reads it.
{%- set pilot_var = var('ai_pilot_start_date', none) %}
with contracts as (

    select * from {{ ref('stg_vendors__vendor_contracts') }}

),

messages as (

    select * from {{ ref('int_helpdesk_messages_classified') }}

),

first_contract as (

    select
        min(cast(effective_from as {{ dbt.type_timestamp() }}))
            as first_vendor_contract_at
    from contracts

),

first_reply as (

    select min(created_at) as first_ai_reply_at
    from messages
    where is_ai_reply

),

first_events as (

    select
        first_contract.first_vendor_contract_at,
        first_reply.first_ai_reply_at

    from first_contract
    cross join first_reply

),

bounds as (

    select
        first_vendor_contract_at,
        first_ai_reply_at,
        cast('{{ var("ai_rollout_date") }}' as {{ dbt.type_timestamp() }})
            as ai_rollout_at,
        {% if pilot_var is not none -%}
            cast('{{ pilot_var }}' as {{ dbt.type_timestamp() }})
        {%- else -%}
            case
                when
                    first_ai_reply_at is null
                    or first_vendor_contract_at <= first_ai_reply_at
                    then first_vendor_contract_at
                else first_ai_reply_at
            end
        {%- endif %} as pilot_start_uncapped_at

    from first_events

),

final as (

    select
        first_vendor_contract_at,
        first_ai_reply_at,
        {{ "'var'" if pilot_var is not none else "'first_ai_event'" }}
            as ai_pilot_start_source,
        case
            when
                pilot_start_uncapped_at is null
                or pilot_start_uncapped_at > ai_rollout_at
                then ai_rollout_at
            else pilot_start_uncapped_at
        end as ai_pilot_start_at,
        ai_rollout_at

    from bounds

)

select * from final
