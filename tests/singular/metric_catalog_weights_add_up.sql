-- The balanced scorecard's weights add up to 100 (reference.metric_catalog;
-- "Support Automation Success Metrics": a balanced scorecard), so each
-- metric's weight reads as its share of the weighted total.
select sum(weight) as total_weight
from {{ ref('metric_catalog') }}
having abs(sum(weight) - 100) > 0.000001
