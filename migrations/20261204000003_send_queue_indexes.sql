-- The dispatcher's repairs look for sends by state: queued ones whose job may be lost, deferred
-- ones due for a retry, claims that outlived their worker. One small partial index per state
-- keeps each lookup proportional to what it finds, not to the whole queue.

DROP INDEX sends_pending;
CREATE INDEX sends_queued ON sends (enqueued_at NULLS FIRST) WHERE status = 'queued';
CREATE INDEX sends_deferred ON sends (next_attempt_at) WHERE status = 'deferred';
CREATE INDEX sends_sending ON sends (claimed_at) WHERE status = 'sending';

-- The campaign's daily limit counts today's sends; statistics read all of a campaign's.
DROP INDEX sends_campaign;
CREATE INDEX sends_campaign_day ON sends (campaign_id, created_at);
