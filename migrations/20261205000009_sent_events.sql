-- Every message that left is a `sent` event in the event stream. A loop reads the ledger
-- behind a watermark and stores them, queueing `email.sent` webhooks and counting them as it
-- goes; the watermark that so far only queued those webhooks becomes the watermark of that
-- loop, and starts now.
UPDATE webhook_cursors SET name = 'events.sent', position = now() WHERE name = 'email.sent';

-- Messages sent so far get their events here, with time-ordered ids made from the time they
-- were sent (UUID version 7: 48 bits of Unix milliseconds, then random bits). They are already
-- counted, and their webhooks were queued (all but those of the last second or so before the
-- upgrade, which are not sent).
INSERT INTO events (id, dedup_key, tenant_id, workspace_id, campaign_id, send_id, lead_id,
                    mailbox_id, step, variant, kind, occurred_at, details)
SELECT encode(
           set_bit(set_bit(
               overlay(uuid_send(gen_random_uuid())
                       PLACING substring(int8send(
                           floor(extract(epoch FROM s.finished_at) * 1000)::bigint) FROM 3)
                       FROM 1 FOR 6),
               52, 1), 53, 1),
           'hex')::uuid,
       'sent:' || s.id, s.tenant_id, c.workspace_id, s.campaign_id, s.id, s.lead_id,
       s.mailbox_id, s.step, s.variant, 'sent', s.finished_at,
       jsonb_build_object('smtp_code', s.smtp_code, 'message_id', s.message_id)
FROM sends s
JOIN campaigns c ON c.id = s.campaign_id
WHERE s.status = 'sent'
ON CONFLICT DO NOTHING;
