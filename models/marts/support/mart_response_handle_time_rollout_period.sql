-- First response and handle time before vs after the AI rollout (var
-- ai_rollout_date, on the ticket's created_at), per resolution path and
-- copilot assistance: the twin of mart_response_handle_time_monthly at
-- rollout-period grain, from the same intermediate
-- (int_tickets_response_times_monthly). The baseline is every worked
-- ticket created before the AI pilot; handle_time_reduction_pct compares a
-- row's average with it (negative = slower than the baseline). Rates: the
-- column declarations in _support__models.yml.
with counts as (

    select * from {{ ref('int_tickets_response_times_monthly') }}

),

periods as (

    {{ rollup(
        'counts',
        ['rollout_period', 'resolution_path', 'is_copilot_assisted'],
        [
            'tickets',
            'ai_answered_tickets',
            'ai_first_response_seconds_sum',
            'human_answered_tickets',
            'human_first_response_seconds_sum',
            'handled_tickets',
            'handle_seconds_sum',
        ],
    ) }}

),

baselined as (

    {{ with_handle_time_baseline('periods') }}

),

rated as (

    select
        *,
        {{ response_time_rates() }}

    from baselined

),

-- Median and P90 beside each mean, at the mart's grain.
{%- set grain = [
    'rollout_period',
    'resolution_path',
    'is_copilot_assisted',
] %}
percentiles as (

    {{ response_time_percentiles(grain) }}

),

final as (

    select
        rated.*,
        {{ response_time_percentile_columns('percentiles') }}

    from rated
    left join percentiles
        on
            {{ same_values('rated', 'percentiles', grain) }}

)

select * from final
