-- Orders placed before monthly renewals existed get their renewal job, due at their renews_at.
-- No job data: the job rebuilds it from the instance id (renew/<order id>), as jobs queued by
-- earlier builds do.
INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                             consecutive_failures, version)
SELECT 'renew-order', CONCAT('renew/', o.id), NULL, o.renews_at, FALSE, 0, 1
FROM orders o
WHERE o.status IN ('in_progress', 'completed', 'action_required')
  AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t
                  WHERE t.task_name = 'renew-order' AND t.task_instance = CONCAT('renew/', o.id));
