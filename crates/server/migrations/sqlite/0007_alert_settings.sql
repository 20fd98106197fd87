-- The owner's curfew, speed alert and email choice per car. Kept per owner like the zones.
CREATE TABLE alert_settings (
    vehicle_id  TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- keyfob-core's AlertSettings in JSON.
    settings    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (vehicle_id, owner_id)
);

-- Alerts now carry curfew and speed events too: a zone alert's fields move under "event".
UPDATE geofence_alerts
SET alert = json_object(
    'id', json_extract(alert, '$.id'),
    'vehicleId', json_extract(alert, '$.vehicleId'),
    'event', json_object(
        'kind', 'zone',
        'zoneId', json_extract(alert, '$.zoneId'),
        'zoneName', json_extract(alert, '$.zoneName'),
        'crossing', json_extract(alert, '$.crossing')
    ),
    'position', json(json_extract(alert, '$.position')),
    'at', json_extract(alert, '$.at')
)
WHERE json_extract(alert, '$.event') IS NULL;
