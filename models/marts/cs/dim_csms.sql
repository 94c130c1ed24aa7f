-- One row per customer success manager (crm_users with role csm). Tenure is
-- measured to as_of, or to terminated_at for a CSM who has left: the
-- data's "today". For the tenure band at any other instant use the macro
-- tenure_band(hired_at, at_time) (fct_csm_ai_usage_weekly does, per week).
with users as (

    select * from {{ ref('stg_crm__users') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

csms as (

    select
        users.user_id as csm_id,
        users.full_name,
        users.team,
        users.segment_focus,
        users.hired_at,
        users.terminated_at,
        data_cutoff.as_of_at,
        case
            when users.terminated_at <= data_cutoff.as_of_at
                then users.terminated_at
            else data_cutoff.as_of_at
        end as tenure_end_at

    from users
    cross join data_cutoff
    where users.role = 'csm'

),

final as (

    select
        csm_id,
        full_name,
        team,
        segment_focus,
        -- Segment the CSM is reported under in the adoption marts.
        {{ segment_or_unassigned('segment_focus') }} as segment,
        hired_at,
        terminated_at,
        hired_at <= as_of_at
        and (terminated_at is null or terminated_at > as_of_at)
            as is_employed_at_as_of,
        tenure_end_at,
        cast(
            {{ tenure_months('hired_at', 'tenure_end_at') }}
            as {{ dbt.type_int() }}
        ) as tenure_months,
        {{ tenure_band('hired_at', 'tenure_end_at') }} as tenure_band

    from csms

)

select * from final
