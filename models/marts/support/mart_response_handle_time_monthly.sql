-- First response and handle time per calendar month the ticket was
-- created, category, rollout period (var ai_rollout_date, on created_at),
-- resolution path and copilot assistance, with the pre-AI handle-time
-- baseline. The twin of mart_response_handle_time_rollout_period at month
-- grain, from the same intermediate (int_tickets_response_times_monthly).
--
-- "Support Automation Success Metrics": "the real signal comes from
-- tracking FRT for human-handled tickets after automation implementation
-- ... If FRT for human responses stays flat or worsens after automation
-- rollout, something's wrong." "Key Metrics That Matter": "First Response
-- Time ... AI target: under 5 seconds"; "Average Handle Time: For
-- conversations requiring human agents, AI copilot should reduce handle
-- time by 30-50%." Rates: the column declarations in _support__models.yml.
with counts as (

    select * from {{ ref('int_tickets_response_times_monthly') }}

),

baselined as (

    {{ with_handle_time_baseline('counts') }}

),

rated as (

    select
        *,
        {{ response_time_rates() }}

    from baselined

),

-- Median and P90 beside each mean, at the mart's grain.
{%- set grain = [
    'month_start',
    'category',
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

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
