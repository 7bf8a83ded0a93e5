-- Mailboxes, leads, suppressions, templates, campaigns, enrollments and the send ledger.

CREATE TABLE mailboxes (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workspace_id     uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email            text NOT NULL,
    name             text NOT NULL DEFAULT '',
    smtp_host        text NOT NULL,
    smtp_port        integer NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_username    text,
    -- Encrypted with a key derived from the deployment secret (XChaCha20-Poly1305).
    smtp_password    bytea,
    smtp_tls         text NOT NULL CHECK (smtp_tls IN ('none', 'starttls', 'tls')),
    imap_host        text,
    imap_port        integer CHECK (imap_port BETWEEN 1 AND 65535),
    imap_username    text,
    imap_password    bytea,
    imap_tls         text CHECK (imap_tls IN ('none', 'starttls', 'tls')),
    daily_limit      integer NOT NULL DEFAULT 50 CHECK (daily_limit >= 0),
    min_gap_seconds  integer NOT NULL DEFAULT 0 CHECK (min_gap_seconds >= 0),
    signature        text NOT NULL DEFAULT '',
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'error')),
    status_reason    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mailboxes_workspace_email_key ON mailboxes (workspace_id, lower(email));
CREATE INDEX mailboxes_tenant ON mailboxes (tenant_id, id);

CREATE TABLE leads (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        text NOT NULL,
    -- lower(email): leads are unique per workspace ignoring case.
    email_key    text NOT NULL,
    domain       text NOT NULL,
    first_name   text,
    last_name    text,
    company      text,
    title        text,
    phone        text,
    website      text,
    timezone     text,
    custom       jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX leads_workspace_email_key ON leads (workspace_id, email_key);
CREATE INDEX leads_tenant ON leads (tenant_id, id);

CREATE TABLE suppressions (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('address', 'domain')),
    -- Lowercased address or domain.
    value       text NOT NULL,
    reason      text NOT NULL,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX suppressions_tenant_value_key ON suppressions (tenant_id, kind, value);

CREATE TABLE templates (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          text NOT NULL,
    subject       text NOT NULL,
    body_html     text,
    body_text     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX templates_tenant ON templates (tenant_id, id);

CREATE TABLE campaigns (
    id                     uuid PRIMARY KEY,
    tenant_id              uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workspace_id           uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name                   text NOT NULL,
    status                 text NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'active', 'paused', 'completed', 'archived')),
    -- The schedule: time zone, sending days, daily window, dates.
    schedule               jsonb NOT NULL,
    daily_limit            integer NOT NULL DEFAULT 100 CHECK (daily_limit >= 0),
    -- Ordered steps, each with a delay and weighted variants.
    steps                  jsonb NOT NULL,
    stop_on_reply          boolean NOT NULL DEFAULT true,
    stop_on_auto_reply     boolean NOT NULL DEFAULT false,
    stop_on_bounce         boolean NOT NULL DEFAULT true,
    stop_on_unsubscribe    boolean NOT NULL DEFAULT true,
    stop_company_on_reply  boolean NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    started_at             timestamptz,
    completed_at           timestamptz
);
CREATE INDEX campaigns_tenant ON campaigns (tenant_id, id);
CREATE INDEX campaigns_active ON campaigns (id) WHERE status = 'active';

CREATE TABLE campaign_mailboxes (
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    mailbox_id   uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, mailbox_id)
);

CREATE TABLE enrollments (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    campaign_id       uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead_id           uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    -- The mailbox the lead sticks to, chosen at its first send.
    mailbox_id        uuid REFERENCES mailboxes (id) ON DELETE SET NULL,
    status            text NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'completed', 'stopped', 'failed', 'attention')),
    -- Why the enrollment ended or is waiting (outside window, a limit, a missing variable...).
    reason            text,
    -- The index of the next step to send.
    next_step         integer NOT NULL DEFAULT 0,
    -- When the next step is due; NULL means as soon as the campaign allows.
    next_at           timestamptz,
    -- The send of next_step while it is queued or in flight.
    current_send_id   uuid,
    -- Threading of follow-ups.
    thread_subject    text,
    message_ids       text[] NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enrollments_campaign_lead_key UNIQUE (campaign_id, lead_id)
);
CREATE INDEX enrollments_due ON enrollments (next_at NULLS FIRST, id)
    WHERE status = 'active' AND current_send_id IS NULL;

-- The send ledger: one row per (enrollment, step), ever. Its status moves forward only, and
-- the move to 'sending' is a compare-and-set, so one message at most reaches SMTP.
CREATE TABLE sends (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    campaign_id      uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    enrollment_id    uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    lead_id          uuid NOT NULL,
    mailbox_id       uuid NOT NULL,
    step             integer NOT NULL,
    variant          integer NOT NULL,
    message_id       text NOT NULL,
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sending', 'deferred', 'sent', 'bounced',
                                       'failed', 'ambiguous', 'cancelled')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    enqueued_at      timestamptz,
    -- A fresh token per claim: only its holder may mark DATA or record the outcome.
    claim            uuid,
    claimed_at       timestamptz,
    -- Set just before DATA: after it, a lost connection means the outcome is unknown.
    data_at          timestamptz,
    finished_at      timestamptz,
    smtp_code        integer,
    smtp_reply       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sends_enrollment_step_key UNIQUE (enrollment_id, step)
);
CREATE INDEX sends_pending ON sends (status, enqueued_at) WHERE status IN ('queued', 'deferred', 'sending');
CREATE INDEX sends_mailbox_day ON sends (mailbox_id, created_at);
CREATE INDEX sends_campaign ON sends (campaign_id, step, variant);
