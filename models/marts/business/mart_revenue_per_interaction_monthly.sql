-- Revenue per support interaction ("Key Metrics That Matter": "Track
-- upsells, cross-sells, and retention saves initiated during support
-- conversations"), per month, interaction source and AI involvement.
--
-- An interaction is a helpdesk ticket (source 'ticket', month it was
-- created) or a CS intervention (source 'intervention', month it was
-- opened). An opportunity is sourced from the interaction named in its
-- source_ticket_id, else its source_intervention_id; pipeline with neither
-- is not support revenue and is left out. Revenue = amount_usd of sourced
-- opportunities closed won by as_of, by opportunity type (upsell,
-- cross_sell, retention_save), credited to the interaction's month, so
-- revenue per interaction = won amount / interactions of the same month.
-- Recent months keep open opportunities (open_opportunities) and will
-- still grow. AI involvement: a ticket the AI agent answered (path ai_only
-- or ai_to_human, fct_tickets) or an AI-assisted intervention
-- (fct_cs_interventions.is_ai_assisted). Without any opportunity in the
-- CRM export the revenue figures are null, not $0: nothing says what was
-- won. Rates: the column declarations in _business__models.yml.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

interactions as (

    select
        ticket_id as interaction_id,
        'ticket' as interaction_source,
        ticket_month as month_start,
        coalesce(
            resolution_path in ('ai_only', 'ai_to_human'), false
        ) as is_ai_involved

    from tickets

    union all

    select
        intervention_id as interaction_id,
        'intervention' as interaction_source,
        opened_month as month_start,
        coalesce(is_ai_assisted, false) as is_ai_involved

    from interventions

),

sourced_opportunities as (

    select
        opportunities.opportunity_id,
        opportunities.opportunity_type,
        -- Money in whole cents.
        round(cast(opportunities.amount_usd as double), 2) as amount_usd,
        case
            when opportunities.source_ticket_id is not null then 'ticket'
            else 'intervention'
        end as interaction_source,
        coalesce(
            opportunities.source_ticket_id,
            opportunities.source_intervention_id
        ) as interaction_id,
        case
            when opportunities.closed_at > data_cutoff.as_of_at then 'open'
            else opportunities.stage
        end as stage_at_as_of

    from opportunities
    cross join data_cutoff
    where
        coalesce(
            opportunities.source_ticket_id,
            opportunities.source_intervention_id
        ) is not null
        and opportunities.created_at <= data_cutoff.as_of_at

),

-- Whether the CRM export holds any opportunity at all.
opportunity_input as (

    select count(*) as opportunity_rows from opportunities

),

interaction_revenue as (

    select
        interaction_source,
        interaction_id,
        count(*) as sourced_opportunities,
        sum(case when stage_at_as_of = 'open' then 1 else 0 end)
            as open_opportunities,
        sum(case when stage_at_as_of = 'closed_lost' then 1 else 0 end)
            as lost_opportunities,
        sum(case when stage_at_as_of = 'closed_won' then 1 else 0 end)
            as won_opportunities,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'upsell'
                    then 1
                else 0
            end
        ) as won_upsells,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'cross_sell'
                    then 1
                else 0
            end
        ) as won_cross_sells,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'retention_save'
                    then 1
                else 0
            end
        ) as won_retention_saves,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'upsell'
                    then amount_usd
                else 0
            end
        ) as upsell_won_usd,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'cross_sell'
                    then amount_usd
                else 0
            end
        ) as cross_sell_won_usd,
        sum(
            case
                when
                    stage_at_as_of = 'closed_won'
                    and opportunity_type = 'retention_save'
                    then amount_usd
                else 0
            end
        ) as retention_save_won_usd

    from sourced_opportunities
    group by 1, 2

),

monthly as (

    select
        interactions.month_start,
        interactions.interaction_source,
        interactions.is_ai_involved,
        count(*) as interactions,
        sum(
            case
                when interaction_revenue.sourced_opportunities > 0 then 1
                else 0
            end
        ) as interactions_with_opportunity,
        sum(coalesce(interaction_revenue.sourced_opportunities, 0))
            as sourced_opportunities,
        sum(coalesce(interaction_revenue.open_opportunities, 0))
            as open_opportunities,
        sum(coalesce(interaction_revenue.lost_opportunities, 0))
            as lost_opportunities,
        sum(coalesce(interaction_revenue.won_opportunities, 0))
            as won_opportunities,
        sum(coalesce(interaction_revenue.won_upsells, 0)) as won_upsells,
        sum(coalesce(interaction_revenue.won_cross_sells, 0))
            as won_cross_sells,
        sum(coalesce(interaction_revenue.won_retention_saves, 0))
            as won_retention_saves,
        sum(coalesce(interaction_revenue.upsell_won_usd, 0))
            as upsell_won_usd,
        sum(coalesce(interaction_revenue.cross_sell_won_usd, 0))
            as cross_sell_won_usd,
        sum(coalesce(interaction_revenue.retention_save_won_usd, 0))
            as retention_save_won_usd

    from interactions
    left join interaction_revenue
        on
            interactions.interaction_source
            = interaction_revenue.interaction_source
            and interactions.interaction_id
            = interaction_revenue.interaction_id
    group by 1, 2, 3

),

counted as (

    select
        monthly.month_start,
        monthly.interaction_source,
        monthly.is_ai_involved,
        cast(monthly.interactions as {{ dbt.type_bigint() }}) as interactions,
        cast(monthly.interactions_with_opportunity as {{ dbt.type_bigint() }})
            as interactions_with_opportunity,
        cast(monthly.sourced_opportunities as {{ dbt.type_bigint() }})
            as sourced_opportunities,
        cast(monthly.open_opportunities as {{ dbt.type_bigint() }})
            as open_opportunities,
        cast(monthly.lost_opportunities as {{ dbt.type_bigint() }})
            as lost_opportunities,
        cast(monthly.won_opportunities as {{ dbt.type_bigint() }})
            as won_opportunities,
        cast(
            monthly.won_opportunities + monthly.lost_opportunities
            as {{ dbt.type_bigint() }}
        ) as decided_opportunities,
        cast(monthly.won_upsells as {{ dbt.type_bigint() }}) as won_upsells,
        cast(monthly.won_cross_sells as {{ dbt.type_bigint() }})
            as won_cross_sells,
        cast(monthly.won_retention_saves as {{ dbt.type_bigint() }})
            as won_retention_saves,
        {%- for column in [
                'upsell_won_usd',
                'cross_sell_won_usd',
                'retention_save_won_usd',
            ] %}
            cast(
                case
                    when opportunity_input.opportunity_rows > 0
                        then monthly.{{ column }}
                end as double
            ) as {{ column }},
        {%- endfor %}
        cast(
            case
                when opportunity_input.opportunity_rows > 0
                    then
                        monthly.upsell_won_usd
                        + monthly.cross_sell_won_usd
                        + monthly.retention_save_won_usd
            end as double
        ) as won_revenue_usd

    from monthly
    cross join opportunity_input

),

final as (

    select
        *,
        {{ catalog_rate(
            'win_rate_pct', 'won_opportunities', 'decided_opportunities'
        ) }},
        {{ catalog_rate(
            'upsell_revenue_per_interaction_usd',
            'upsell_won_usd',
            'interactions',
        ) }},
        {{ catalog_rate(
            'cross_sell_revenue_per_interaction_usd',
            'cross_sell_won_usd',
            'interactions',
        ) }},
        {{ catalog_rate(
            'retention_save_revenue_per_interaction_usd',
            'retention_save_won_usd',
            'interactions',
        ) }},
        {{ catalog_rate(
            'revenue_per_interaction_usd', 'won_revenue_usd', 'interactions'
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
