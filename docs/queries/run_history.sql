-- How did the runs go? Each run's outcome, counts, validation result and duration, newest first.
SELECT run_id,
       status,
       n_sources,
       n_documents,
       n_metrics,
       n_rejects,
       validation_success,
       round(epoch(finished_at - started_at), 1) AS seconds,
       message
FROM pipeline_runs
ORDER BY started_at DESC;
