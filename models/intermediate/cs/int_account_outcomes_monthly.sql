-- The customer outcomes "AI-Assisted Resolution Rate" asks the rate to be read
-- against ("A high rate with declining CSAT or GRR means AI is creating noise,
-- not value"), per account and calendar month: CSAT answers on the account's
-- tickets (month of responded_at) and renewals (month of renewal_date). Marts
-- add these up for a segment, or for the accounts an AI-assisted (or
-- unassisted) intervention touched.
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

surveys as (

    select * from {{ ref('stg_helpdesk__surveys') }}

),

renewals as (

    select * from {{ ref('stg_crm__renewals') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

-- CSAT % = satisfied answers / all answers (macro is_csat_satisfied).
csat_answers as (

    select
        tickets.account_id,
        {{ month_start('surveys.responded_at') }} as month_start,
        count(*) as csat_answers,
        sum(
            case
                when {{ is_csat_satisfied('surveys.score') }} then 1
                else 0
            end
        ) as csat_satisfied_answers

    from surveys
    inner join tickets
        on surveys.ticket_id = tickets.ticket_id
    cross join data_cutoff
    where
        surveys.survey_type = 'csat'
        and surveys.score is not null
        and tickets.account_id is not null
        and surveys.responded_at <= data_cutoff.as_of_at
    group by 1, 2

),

-- Gross revenue retention leaves expansion out: an expanded renewal keeps
-- its ARR before, never more (arr_retained = least(arr_after, arr_before)).
-- Net retention (arr_after as it is) is carried beside it.
renewal_arr as (

    select
        renewals.account_id,
        {{ month_start('renewals.renewal_date') }} as month_start,
        count(*) as renewals,
        sum(renewals.arr_before_usd) as renewal_arr_before_usd,
        sum(renewals.arr_after_usd) as renewal_arr_after_usd,
        sum(
            least(renewals.arr_after_usd, renewals.arr_before_usd)
        ) as renewal_arr_retained_usd

    from renewals
    cross join data_cutoff
    where
        renewals.arr_before_usd is not null
        and renewals.arr_after_usd is not null
        and renewals.renewal_date <= cast(data_cutoff.as_of_at as date)
    group by 1, 2

),

joined as (

    select
        coalesce(csat_answers.account_id, renewal_arr.account_id)
            as account_id,
        coalesce(csat_answers.month_start, renewal_arr.month_start)
            as month_start,
        coalesce(csat_answers.csat_answers, 0) as csat_answers,
        coalesce(csat_answers.csat_satisfied_answers, 0)
            as csat_satisfied_answers,
        coalesce(renewal_arr.renewals, 0) as renewals,
        coalesce(renewal_arr.renewal_arr_before_usd, 0)
            as renewal_arr_before_usd,
        coalesce(renewal_arr.renewal_arr_after_usd, 0)
            as renewal_arr_after_usd,
        coalesce(renewal_arr.renewal_arr_retained_usd, 0)
            as renewal_arr_retained_usd

    from csat_answers
    full outer join renewal_arr
        on
            csat_answers.account_id = renewal_arr.account_id
            and csat_answers.month_start = renewal_arr.month_start

),

final as (

    select
        joined.account_id,
        {{ segment_or_unknown("accounts.segment") }} as segment,
        joined.month_start,
        cast(joined.csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(joined.csat_satisfied_answers as {{ dbt.type_bigint() }})
            as csat_satisfied_answers,
        cast(joined.renewals as {{ dbt.type_bigint() }}) as renewals,
        cast(joined.renewal_arr_before_usd as double)
            as renewal_arr_before_usd,
        cast(joined.renewal_arr_after_usd as double) as renewal_arr_after_usd,
        cast(joined.renewal_arr_retained_usd as double)
            as renewal_arr_retained_usd

    from joined
    left join accounts
        on joined.account_id = accounts.account_id

)

select * from final
