-- Open and click tracking can be switched off per campaign; nothing is rewritten then.
ALTER TABLE campaigns
    ADD COLUMN track_opens  boolean NOT NULL DEFAULT true,
    ADD COLUMN track_clicks boolean NOT NULL DEFAULT true;
