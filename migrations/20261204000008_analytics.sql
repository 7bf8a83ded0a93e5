-- Analytics kept as counters: one row per (campaign, UTC hour, step, variant, mailbox, recipient
-- provider), bumped in the transaction that makes a send outcome or an event true. Statistics
-- read these rows, never the raw events. Hours rather than days so that a daily series can be
-- cut in any whole-hour time zone.

-- The recipient provider of a lead's email domain: the big mailbox providers grouped under one
-- name, any other domain as itself.
CREATE FUNCTION analytics_provider(domain text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN d IS NULL OR d = '' THEN 'unknown'
        WHEN d IN ('gmail.com', 'googlemail.com') THEN 'gmail'
        WHEN d ~ '^(outlook|hotmail|live|msn|windowslive|passport)\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$'
            THEN 'microsoft'
        WHEN d ~ '^(yahoo|ymail|rocketmail)\.(com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$'
            THEN 'yahoo'
        WHEN d IN ('icloud.com', 'me.com', 'mac.com') THEN 'apple'
        WHEN d IN ('aol.com', 'aim.com') THEN 'aol'
        ELSE d
    END
    FROM (SELECT lower(domain) AS d) AS x
$$;

CREATE TABLE analytics_counters (
    campaign_id    uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    -- The start of the UTC hour the outcome or event happened in.
    hour           timestamptz NOT NULL,
    step           integer NOT NULL,
    variant        integer NOT NULL,
    mailbox_id     uuid NOT NULL,
    -- analytics_provider() of the lead's domain.
    provider       text NOT NULL,
    tenant_id      uuid NOT NULL,
    workspace_id   uuid NOT NULL,
    -- Send outcomes, written by the send ledger and the dispatcher's repairs.
    sent           integer NOT NULL DEFAULT 0,
    -- Refused with a 5xx by the receiving server while sending (also counted as a bounce).
    refused        integer NOT NULL DEFAULT 0,
    failed         integer NOT NULL DEFAULT 0,
    ambiguous      integer NOT NULL DEFAULT 0,
    -- Events. Unique counts take the first such event of a message (sends.seen).
    delivered      integer NOT NULL DEFAULT 0,
    bounced_hard   integer NOT NULL DEFAULT 0,
    bounced_soft   integer NOT NULL DEFAULT 0,
    opened         integer NOT NULL DEFAULT 0,
    opens_total    integer NOT NULL DEFAULT 0,
    machine_opens  integer NOT NULL DEFAULT 0,
    clicked        integer NOT NULL DEFAULT 0,
    clicks_total   integer NOT NULL DEFAULT 0,
    machine_clicks integer NOT NULL DEFAULT 0,
    replied        integer NOT NULL DEFAULT 0,
    auto_replied   integer NOT NULL DEFAULT 0,
    unsubscribed   integer NOT NULL DEFAULT 0,
    complained     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, hour, step, variant, mailbox_id, provider)
);
CREATE INDEX analytics_counters_mailbox ON analytics_counters (mailbox_id, hour);
CREATE INDEX analytics_counters_workspace ON analytics_counters (workspace_id, hour);
CREATE INDEX analytics_counters_hour ON analytics_counters (hour);

-- What a message has already had, so that unique counts take only its first event of a kind:
-- 1 delivered, 2 opened (by a person), 4 clicked (by a person), 8 replied, 16 auto-replied,
-- 32 bounced, 64 complained, 128 unsubscribed. No index reads it: setting it is a HOT update.
ALTER TABLE sends ADD COLUMN seen smallint NOT NULL DEFAULT 0;

-- Backfill: what already happened, so that campaigns that ran before keep their numbers.
UPDATE sends s SET seen = x.bits
FROM (
    SELECT send_id, bit_or(CASE kind
        WHEN 'delivered' THEN 1
        WHEN 'opened' THEN CASE WHEN machine THEN 0 ELSE 2 END
        WHEN 'clicked' THEN CASE WHEN machine THEN 0 ELSE 4 END
        WHEN 'replied' THEN 8
        WHEN 'auto_replied' THEN 16
        WHEN 'bounced' THEN 32
        WHEN 'complained' THEN 64
        WHEN 'unsubscribed' THEN 128
        ELSE 0 END)::smallint AS bits
    FROM events GROUP BY send_id
) AS x
WHERE s.id = x.send_id;
UPDATE sends SET seen = seen | 32 WHERE status = 'bounced';

-- Send outcomes, in the hour they finished. Whether an old refusal was hard is read from its
-- enhanced status code (5.1.x: the address), as the classifier does for most replies.
INSERT INTO analytics_counters (campaign_id, hour, step, variant, mailbox_id, provider,
    tenant_id, workspace_id, sent, refused, failed, ambiguous, bounced_hard, bounced_soft)
SELECT s.campaign_id, date_trunc('hour', coalesce(s.finished_at, s.created_at), 'UTC'), s.step,
    s.variant, s.mailbox_id, analytics_provider(l.domain), s.tenant_id, c.workspace_id,
    count(*) FILTER (WHERE s.status = 'sent'),
    count(*) FILTER (WHERE s.status = 'bounced'),
    count(*) FILTER (WHERE s.status = 'failed'),
    count(*) FILTER (WHERE s.status = 'ambiguous'),
    count(*) FILTER (WHERE s.status = 'bounced' AND s.smtp_reply ~ '\m5\.1\.[0-9]'),
    count(*) FILTER (WHERE s.status = 'bounced' AND s.smtp_reply !~ '\m5\.1\.[0-9]'
        OR s.status = 'bounced' AND s.smtp_reply IS NULL)
FROM sends s
JOIN campaigns c ON c.id = s.campaign_id
LEFT JOIN leads l ON l.id = s.lead_id
WHERE s.status IN ('sent', 'bounced', 'failed', 'ambiguous')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- Events, in the hour they happened; the first of a kind per message makes the unique count.
INSERT INTO analytics_counters AS a (campaign_id, hour, step, variant, mailbox_id, provider,
    tenant_id, workspace_id, delivered, bounced_hard, bounced_soft, opened, opens_total,
    machine_opens, clicked, clicks_total, machine_clicks, replied, auto_replied, unsubscribed,
    complained)
SELECT e.campaign_id, date_trunc('hour', e.occurred_at, 'UTC'), e.step, e.variant, e.mailbox_id,
    analytics_provider(l.domain), e.tenant_id, e.workspace_id,
    count(*) FILTER (WHERE e.kind = 'delivered' AND e.first),
    count(*) FILTER (WHERE e.kind = 'bounced' AND e.first AND e.details->>'hard' = 'true'),
    count(*) FILTER (WHERE e.kind = 'bounced' AND e.first
        AND e.details->>'hard' IS DISTINCT FROM 'true'),
    count(*) FILTER (WHERE e.kind = 'opened' AND NOT e.machine AND e.first),
    count(*) FILTER (WHERE e.kind = 'opened' AND NOT e.machine),
    count(*) FILTER (WHERE e.kind = 'opened' AND e.machine),
    count(*) FILTER (WHERE e.kind = 'clicked' AND NOT e.machine AND e.first),
    count(*) FILTER (WHERE e.kind = 'clicked' AND NOT e.machine),
    count(*) FILTER (WHERE e.kind = 'clicked' AND e.machine),
    count(*) FILTER (WHERE e.kind = 'replied' AND e.first),
    count(*) FILTER (WHERE e.kind = 'auto_replied' AND e.first),
    count(*) FILTER (WHERE e.kind = 'unsubscribed' AND e.first),
    count(*) FILTER (WHERE e.kind = 'complained' AND e.first)
FROM (
    SELECT ev.*, row_number() OVER (PARTITION BY ev.send_id, ev.kind, ev.machine
        ORDER BY ev.occurred_at, ev.id) = 1
        AND NOT (ev.kind = 'bounced' AND s.status = 'bounced') AS first,
        s.lead_id AS send_lead
    FROM events ev JOIN sends s ON s.id = ev.send_id
) AS e
LEFT JOIN leads l ON l.id = e.send_lead
WHERE e.kind NOT IN ('sent', 'deferred')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ON CONFLICT (campaign_id, hour, step, variant, mailbox_id, provider) DO UPDATE SET
    delivered = a.delivered + EXCLUDED.delivered,
    bounced_hard = a.bounced_hard + EXCLUDED.bounced_hard,
    bounced_soft = a.bounced_soft + EXCLUDED.bounced_soft,
    opened = a.opened + EXCLUDED.opened,
    opens_total = a.opens_total + EXCLUDED.opens_total,
    machine_opens = a.machine_opens + EXCLUDED.machine_opens,
    clicked = a.clicked + EXCLUDED.clicked,
    clicks_total = a.clicks_total + EXCLUDED.clicks_total,
    machine_clicks = a.machine_clicks + EXCLUDED.machine_clicks,
    replied = a.replied + EXCLUDED.replied,
    auto_replied = a.auto_replied + EXCLUDED.auto_replied,
    unsubscribed = a.unsubscribed + EXCLUDED.unsubscribed,
    complained = a.complained + EXCLUDED.complained;
