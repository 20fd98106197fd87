-- Head-unit authentication keys: stored only as a hash, bound to the car, single-use, 24 h.
CREATE TABLE auth_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    vehicle_id  TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key_hash    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX auth_keys_by_vehicle ON auth_keys (vehicle_id, created_at);

-- Each car's head unit: wrong entries in a row, the lock a dealer lifts, and the SMS step
-- waiting after a good key on firmware 3.0 and later.
CREATE TABLE head_unit_keys (
    vehicle_id      TEXT PRIMARY KEY NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    wrong_entries   INTEGER NOT NULL DEFAULT 0,
    locked_at       INTEGER,
    pending_key_id  TEXT,
    sms_code_hash   TEXT,
    sms_expires_at  INTEGER,
    sms_tries       INTEGER NOT NULL DEFAULT 0
);
