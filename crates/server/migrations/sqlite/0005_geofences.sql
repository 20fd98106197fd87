-- Geofences drawn by a car's owner. Kept per owner, so a car that changes hands starts with none.
CREATE TABLE zones (
    id          TEXT PRIMARY KEY NOT NULL,
    vehicle_id  TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- The zone as keyfob-core's ZoneDefinition in JSON: shape, alert_on, schedule.
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX zones_by_vehicle ON zones (vehicle_id, owner_id);
