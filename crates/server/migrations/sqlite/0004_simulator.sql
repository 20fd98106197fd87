-- The sandbox's simulated cars: each car's full state as the simulator last saved it, so a
-- door left open or a drained battery is still so when the app starts again.
CREATE TABLE sim_cars (
    vin        TEXT PRIMARY KEY NOT NULL,
    state      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
