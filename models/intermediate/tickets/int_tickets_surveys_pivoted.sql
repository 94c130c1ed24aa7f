-- Survey answers per ticket, one column set per survey type: the latest
-- score (what a ticket-level rule such as true AI resolution reads) and the
-- answer counts the experience marts add up (docs/definitions.md, "CSAT,
-- CES and NPS": CSAT % = satisfied answers / all answers; CES = mean 1-7;
-- NPS = % 9-10 - % 0-6, counted over answers).
-- max_by (DuckDB and Spark alike) keeps the answer given last.
with surveys as (

    select * from {{ ref('stg_helpdesk__surveys') }}

),

answered as (

    select
        ticket_id,
        survey_type,
        responded_at,
        score

    from surveys
    where
        ticket_id is not null
        and score is not null

),

pivoted as (

    select
        ticket_id,
        max_by(
            case when survey_type = 'csat' then score end,
            case when survey_type = 'csat' then responded_at end
        ) as csat_score,
        max_by(
            case when survey_type = 'ces' then score end,
            case when survey_type = 'ces' then responded_at end
        ) as ces_score,
        max_by(
            case when survey_type = 'nps' then score end,
            case when survey_type = 'nps' then responded_at end
        ) as nps_score,
        sum(
            case when survey_type = 'csat' then 1 else 0 end
        ) as csat_answers,
        sum(
            case
                when
                    survey_type = 'csat'
                    and {{ is_csat_satisfied('score') }}
                    then 1
                else 0
            end
        ) as csat_satisfied_answers,
        sum(case when survey_type = 'ces' then 1 else 0 end) as ces_answers,
        sum(
            case when survey_type = 'ces' then score else 0 end
        ) as ces_score_sum,
        sum(case when survey_type = 'nps' then 1 else 0 end) as nps_answers,
        -- NPS: promoters answer 9-10, detractors 0-6.
        sum(
            case when survey_type = 'nps' and score >= 9 then 1 else 0 end
        ) as nps_promoter_answers,
        sum(
            case when survey_type = 'nps' and score <= 6 then 1 else 0 end
        ) as nps_detractor_answers

    from answered
    group by 1

),

final as (

    select
        ticket_id,
        csat_score,
        ces_score,
        nps_score,
        cast(csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(
            csat_satisfied_answers as {{ dbt.type_bigint() }}
        ) as csat_satisfied_answers,
        cast(ces_answers as {{ dbt.type_bigint() }}) as ces_answers,
        cast(ces_score_sum as {{ dbt.type_bigint() }}) as ces_score_sum,
        cast(nps_answers as {{ dbt.type_bigint() }}) as nps_answers,
        cast(
            nps_promoter_answers as {{ dbt.type_bigint() }}
        ) as nps_promoter_answers,
        cast(
            nps_detractor_answers as {{ dbt.type_bigint() }}
        ) as nps_detractor_answers

    from pivoted

)

select * from final
