-- Why were inputs rejected? Rejects per stage and reason, with one example input and where its raw bytes are kept.
SELECT stage,
       reason,
       count(*) AS inputs,
       min(source_uri) AS example,
       min(raw_path) AS example_raw_bytes
FROM rejects
GROUP BY stage, reason
ORDER BY inputs DESC, stage, reason;
