-- Which of its owner's zones each car is inside, so a restart neither repeats nor misses a
-- crossing; and every alert, for the history.
CREATE TABLE zone_state (
    vehicle_id  TEXT PRIMARY KEY NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL,
    inside      TEXT NOT NULL
);

CREATE TABLE geofence_alerts (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    vehicle_id  TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL,
    alert       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX geofence_alerts_by_vehicle ON geofence_alerts (vehicle_id, owner_id, seq);
