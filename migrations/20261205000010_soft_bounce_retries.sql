-- A message that soft-bounced after it was accepted is sent again a bounded number of times;
-- this counts the soft bounces so far.
ALTER TABLE sends ADD COLUMN soft_bounces integer NOT NULL DEFAULT 0;
