-- Everything that happens to a sent message, as one stream of events.

CREATE TABLE events (
    -- Chosen where the event is first seen (a time-ordered UUID), so that an event delivered
    -- twice is stored, and counted, once.
    id            uuid PRIMARY KEY,
    -- What makes two deliveries of one event the same (e.g. a hash of an inbound message).
    dedup_key     text NOT NULL UNIQUE,
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL,
    campaign_id   uuid NOT NULL,
    send_id       uuid NOT NULL,
    lead_id       uuid NOT NULL,
    mailbox_id    uuid NOT NULL,
    step          integer NOT NULL,
    variant       integer NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('sent', 'delivered', 'opened', 'clicked', 'replied',
                                              'auto_replied', 'bounced', 'complained',
                                              'unsubscribed', 'deferred')),
    -- Opens and clicks by image proxies and link scanners are kept, but marked.
    machine       boolean NOT NULL DEFAULT false,
    occurred_at   timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    -- Kind-specific details: bounce status and reason, feedback type, URL, user agent...
    details       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_tenant ON events (tenant_id, id);
CREATE INDEX events_campaign ON events (campaign_id, kind);
CREATE INDEX events_send ON events (send_id);
