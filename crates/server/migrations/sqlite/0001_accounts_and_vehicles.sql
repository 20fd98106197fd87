-- Accounts, sessions, the manufacturer database and vehicle links.
-- Instants are Unix seconds (INTEGER); calendar dates are ISO text. Secrets (passwords, tokens)
-- are stored only as hashes. Plain TEXT and INTEGER columns so a PostgreSQL migration set maps 1:1.

CREATE TABLE accounts (
    id                 TEXT PRIMARY KEY,
    email              TEXT NOT NULL,
    email_key          TEXT NOT NULL UNIQUE,
    password_hash      TEXT NOT NULL,
    nickname           TEXT NOT NULL,
    region             TEXT NOT NULL,
    phone              TEXT,
    email_confirmed_at INTEGER,
    created_at         INTEGER NOT NULL
);

-- A session is one sign-in: the family of every access and refresh token rotated from it.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoked_reason TEXT
);
CREATE INDEX sessions_by_account ON sessions(account_id);

CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_by_session ON access_tokens(session_id);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    issued_at  INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);

-- Single-use tokens sent by email: confirm the address, reset the password.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX account_tokens_by_account ON account_tokens(account_id, purpose);

-- The manufacturer database: what the factory and the dealers know about each car.
CREATE TABLE vehicles (
    id                  TEXT PRIMARY KEY,
    vin                 TEXT NOT NULL UNIQUE,
    model               TEXT NOT NULL,
    model_year          INTEGER NOT NULL,
    trim                TEXT NOT NULL,
    equipment           TEXT NOT NULL,
    market              TEXT NOT NULL,
    telematics_unit     INTEGER NOT NULL,
    sim_active          INTEGER NOT NULL,
    firmware_version    TEXT NOT NULL,
    first_registered_on TEXT NOT NULL,
    body_number         TEXT NOT NULL,
    warranty_code       TEXT NOT NULL,
    trial_ends_at       INTEGER NOT NULL,
    premium_ends_at     INTEGER,
    warranty_ends_at    INTEGER NOT NULL
);

-- A proven link between a car and its primary owner, and its activation in the car.
CREATE TABLE vehicle_links (
    vehicle_id   TEXT PRIMARY KEY REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    linked_at    INTEGER NOT NULL,
    confirmed_at INTEGER,
    synced_at    INTEGER
);
CREATE INDEX vehicle_links_by_owner ON vehicle_links(owner_id);

CREATE TABLE vehicle_drivers (
    vehicle_id TEXT NOT NULL REFERENCES vehicle_links(vehicle_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, account_id)
);
CREATE INDEX vehicle_drivers_by_account ON vehicle_drivers(account_id);

CREATE TABLE driver_invitations (
    id         TEXT PRIMARY KEY,
    vehicle_id TEXT NOT NULL REFERENCES vehicle_links(vehicle_id) ON DELETE CASCADE,
    email_key  TEXT NOT NULL,
    email      TEXT NOT NULL,
    sent_at    INTEGER NOT NULL,
    UNIQUE (vehicle_id, email_key)
);
CREATE INDEX driver_invitations_by_email ON driver_invitations(email_key);

-- Wrong ownership proofs, per account and car, for the one-hour lock after five.
CREATE TABLE proof_attempts (
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    vehicle_id   TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    attempted_at INTEGER NOT NULL
);
CREATE INDEX proof_attempts_by_pair ON proof_attempts(account_id, vehicle_id, attempted_at);

-- Every email and SMS sent, newest last; the sandbox shows it as the mailbox.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,
    channel   TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL,
    action    TEXT,
    sent_at   INTEGER NOT NULL
);
CREATE INDEX outbox_by_recipient ON outbox(recipient, seq);
