-- Real cars through Nissan's connected service (NissanConnect, Europe).

-- The service's own list of a car's services, as JSON, for cars that came from a connected
-- NissanConnect account; NULL for cars Keyfob knows from its own vehicle database. When set,
-- it (not the subscription dates) decides the car's entitlement table.
ALTER TABLE vehicles ADD COLUMN services TEXT;

-- An account's connection to NissanConnect: only the tokens, sealed (never the password).
-- `tokens_sealed` is NULL once the tokens can no longer be refreshed: the owner signs in again.
CREATE TABLE nissanconnect_accounts (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    email_hint    TEXT NOT NULL,
    tokens_sealed BLOB,
    connected_at  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- The cars a connected NissanConnect account holds, as the service lists them. Holding the car
-- in that account is the proof of ownership for linking it.
CREATE TABLE nissanconnect_cars (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    vin        TEXT NOT NULL,
    car_json   TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (account_id, vin)
);
CREATE INDEX nissanconnect_cars_by_vin ON nissanconnect_cars (vin);
