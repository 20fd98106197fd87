-- The security review's findings: stolen cars, step-up grants, phone changes, persisted limits,
-- sealed outbox secrets, SMS-code limits and honest command hand-over.

-- A link the owner reported stolen: commands refused, keys revoked, drivers gone.
ALTER TABLE vehicle_links ADD COLUMN stolen_at INTEGER;

-- When the secret a message carries (a link, a key, a code) stops working; the sandbox blanks
-- the message then. Server mode never stores the secret at all.
ALTER TABLE outbox ADD COLUMN secret_until INTEGER;

-- Where head-unit SMS codes go: a number changed less than 24 hours ago gets none.
ALTER TABLE accounts ADD COLUMN phone_changed_at INTEGER;
-- The app PIN, held by the server as an Argon2 hash so it can grant a step-up like the password.
ALTER TABLE accounts ADD COLUMN pin_hash TEXT;
ALTER TABLE accounts ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;

-- Unlock and engine start need the password or PIN checked by the server in this session
-- within the last five minutes.
ALTER TABLE sessions ADD COLUMN step_up_until INTEGER;

-- Attempts counted against a limit (sign-in per account and per address, password re-checks,
-- lookups, registrations), kept across restarts and shared by every server on the database.
CREATE TABLE throttle_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    key    TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX throttle_events_by_key ON throttle_events (bucket, key, at);

-- The devices an account signed in from, so a sign-in from a new one is told by email. Only a
-- hash of the device's identity is kept.
CREATE TABLE known_devices (
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    device_hash   TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, device_hash)
);

-- Head-unit keys: revoked (car sold or reported stolen, too many wrong SMS codes), and how many
-- SMS codes each key has had sent and got wrong.
ALTER TABLE auth_keys ADD COLUMN revoked_at INTEGER;
ALTER TABLE auth_keys ADD COLUMN codes_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE auth_keys ADD COLUMN wrong_codes INTEGER NOT NULL DEFAULT 0;
-- Compare-and-set on a head unit's counters, so two entries at once cannot both read the old count.
ALTER TABLE head_unit_keys ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sms_codes_sent (
    vehicle_id TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    sent_at    INTEGER NOT NULL
);
CREATE INDEX sms_codes_sent_by_vehicle ON sms_codes_sent (vehicle_id, sent_at);

-- When the server began handing a command to the car: after a restart such a command may have
-- reached it, so it is unknown, never expired.
ALTER TABLE commands ADD COLUMN handed_over_at INTEGER;

-- Retention prunes by time.
CREATE INDEX events_by_time ON events (created_at);
CREATE INDEX geofence_alerts_by_time ON geofence_alerts (created_at);
