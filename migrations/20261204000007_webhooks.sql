-- Tenant webhooks (endpoints and their delivery outbox) and in-app notifications.

CREATE TABLE webhook_endpoints (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Only events of this workspace; NULL: every workspace of the tenant.
    workspace_id      uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    url               text NOT NULL,
    description       text NOT NULL DEFAULT '',
    -- Event type names, e.g. 'email.sent'.
    events            text[] NOT NULL,
    enabled           boolean NOT NULL DEFAULT true,
    -- Why the endpoint was disabled automatically (NULL when enabled or disabled by hand).
    disabled_reason   text,
    -- The signing secret, sealed with the credential key (bound to the endpoint id).
    secret            bytea NOT NULL,
    -- The first failed attempt since the last successful one; NULL while healthy.
    failing_since     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, id);

-- The outbox: one row per (event, endpoint), worked by the daemons' delivery loops. The id is
-- the `webhook-id` receivers see, the same on every attempt.
CREATE TABLE webhook_deliveries (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    endpoint_id       uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_type        text NOT NULL,
    -- What the delivery is about (e.g. 'event:<id>', 'send:<id>'): one delivery per endpoint.
    event_key         text NOT NULL,
    payload           jsonb NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'delivered', 'failed')),
    -- Attempts since it was created or last replayed.
    attempts          integer NOT NULL DEFAULT 0,
    -- When a pending delivery is due; while an attempt runs, when its lease ends.
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    -- A fresh token per attempt: only its holder may record the outcome.
    claim             uuid,
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_error        text,
    last_duration_ms  integer,
    -- Every attempt: {at, status_code, duration_ms, error}.
    attempt_log       jsonb NOT NULL DEFAULT '[]',
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_deliveries_event_key UNIQUE (endpoint_id, event_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (endpoint_id)
    WHERE status = 'failed';

-- How far the `email.sent` fan-out has read the ledger. It starts now: past sends are not
-- announced to endpoints created later.
CREATE TABLE webhook_cursors (
    name      text PRIMARY KEY,
    position  timestamptz NOT NULL
);
INSERT INTO webhook_cursors (name, position) VALUES ('email.sent', now());

-- Sent messages by the time they were sent, for the `email.sent` fan-out. Only rows that
-- became `sent` enter it.
CREATE INDEX sends_sent ON sends (finished_at) WHERE status = 'sent';

-- Notices for a tenant's users, shown in the app.
CREATE TABLE notifications (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind          text NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    -- What the notice is about, e.g. ('campaign', <id>).
    subject_type  text,
    subject_id    uuid,
    details       jsonb NOT NULL DEFAULT '{}',
    -- One notice per key and tenant (e.g. one bounce-rate warning per campaign).
    dedup_key     text NOT NULL,
    read_at       timestamptz,
    read          boolean GENERATED ALWAYS AS (read_at IS NOT NULL) STORED,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_dedup_key UNIQUE (tenant_id, dedup_key)
);
CREATE INDEX notifications_tenant ON notifications (tenant_id, read, id DESC);
