-- A claim no longer changes a send's status: a send in flight keeps 'queued' or 'deferred' and
-- carries its claim token (claim IS NOT NULL). The claim then writes only columns no index
-- reads, so PostgreSQL updates the row in place on its page (a HOT update) without touching
-- any index. A fill factor leaves each page room for that new row version.

UPDATE sends SET status = 'queued' WHERE status = 'sending';
DROP INDEX sends_sending;
ALTER TABLE sends DROP CONSTRAINT sends_status_check;
ALTER TABLE sends ADD CONSTRAINT sends_status_check
    CHECK (status IN ('queued', 'deferred', 'sent', 'bounced', 'failed', 'ambiguous', 'cancelled'));
ALTER TABLE sends SET (fillfactor = 75);
