-- How far each raw table's latest activity lags the data cut-off as_of, with
-- the warn / error thresholds it is judged by (vars freshness_*). A table
-- exported or synced earlier than the others makes every metric that joins
-- it look worse in the latest weeks; the tests on this model say so.
with cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

latest as (

    {{ union_source_freshness() }}

),

lagged as (

    select
        latest.*,
        cutoff.as_of_at,
        {{ dbt.datediff(
            'latest.latest_activity_at', 'cutoff.as_of_at', 'day'
        ) }} as lag_days

    from latest
    cross join cutoff

),

final as (

    select
        source_table,
        freshness_column,
        latest_activity_at,
        as_of_at,
        staged_rows,
        warn_after_days,
        error_after_days,
        lag_days,
        case
            when freshness_column is null then 'not_applicable'
            when latest_activity_at is null then 'empty'
            when lag_days > error_after_days then 'error'
            when lag_days > warn_after_days then 'warn'
            else 'fresh'
        end as freshness_status

    from lagged

)

select * from final
