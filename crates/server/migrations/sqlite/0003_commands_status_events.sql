-- Remote commands, the last status of each linked car, and the live event log. All of it hangs
-- off the link, so removing a car from an account erases its history.

CREATE TABLE commands (
    id              TEXT PRIMARY KEY,
    vehicle_id      TEXT NOT NULL REFERENCES vehicle_links(vehicle_id) ON DELETE CASCADE,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- NULL once older than 24 hours, so the key may be used again.
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL,
    kind_name       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    -- requested | delivered | running | succeeded | failed | expired | unknown
    state           TEXT NOT NULL,
    failure_reason  TEXT,
    requested_at    INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deliver_by      INTEGER NOT NULL,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX commands_by_vehicle ON commands(vehicle_id, requested_at);

CREATE TABLE vehicle_status (
    vehicle_id        TEXT PRIMARY KEY REFERENCES vehicle_links(vehicle_id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    reported_at       INTEGER NOT NULL,
    -- When the ignition last went on: remote starts are counted from there.
    ignition_cycle_at INTEGER NOT NULL
);

CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    vehicle_id TEXT NOT NULL REFERENCES vehicle_links(vehicle_id) ON DELETE CASCADE,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_by_vehicle ON events(vehicle_id, seq);
