-- PostgreSQL form of the SQLite migration 0007_alert_settings.sql.
-- The owner's curfew, speed alert and email choice per car. Kept per owner like the zones.
CREATE TABLE alert_settings (
    vehicle_id  TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- keyfob-core's AlertSettings in JSON.
    settings    TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (vehicle_id, owner_id)
);

-- Alerts now carry curfew and speed events too: a zone alert's fields move under "event".
-- The alert stays TEXT; it is read as json for the rewrite. json (not jsonb) keeps the keys in
-- the order written, as SQLite's json_object does. A missing key gives JSON null, as there.
-- `->>` is NULL for a missing key and for JSON null alike, like SQLite's json_extract.
UPDATE geofence_alerts
SET alert = json_build_object(
    'id', alert::json -> 'id',
    'vehicleId', alert::json -> 'vehicleId',
    'event', json_build_object(
        'kind', 'zone',
        'zoneId', alert::json -> 'zoneId',
        'zoneName', alert::json -> 'zoneName',
        'crossing', alert::json -> 'crossing'
    ),
    'position', alert::json -> 'position',
    'at', alert::json -> 'at'
)::text
WHERE alert::json ->> 'event' IS NULL;
