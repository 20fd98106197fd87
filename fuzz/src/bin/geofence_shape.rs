//! Zone shapes: their checks, the signed distance to the border and the crossing step.

use arbitrary::{Arbitrary, Unstructured};
use keyfob_core::geo::GeoPoint;
use keyfob_core::geofence::{evaluate, initial_inside, AlertOn, InsideSet, Shape, Zone};
use keyfob_fuzz::{debug, shown, Num};

#[derive(Debug, Arbitrary)]
struct Input {
    polygon: bool,
    corners: Vec<(Num, Num)>,
    radius_m: Num,
    position: (Num, Num),
    accuracy_m: Option<Num>,
    was_inside: bool,
    alert_on: u8,
}

fn point((latitude, longitude): (Num, Num)) -> GeoPoint {
    GeoPoint::new(latitude.degrees(), longitude.degrees())
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
            return;
        };
        debug(&input);
        let corners: Vec<GeoPoint> = input.corners.iter().copied().map(point).collect();
        let shape = match (input.polygon, corners.first()) {
            (false, Some(&center)) => Shape::Circle {
                center,
                radius_m: input.radius_m.value(1e-3),
            },
            _ => Shape::Polygon { vertices: corners },
        };
        if shown(shape.validate()).is_none() {
            return;
        }
        let position = point(input.position);
        let distance = shape.signed_distance_m(position);
        if position.is_on_globe() {
            // A NaN distance would make a valid zone silently never alert.
            assert!(!distance.is_nan(), "{shape:?} {position:?}");
        }
        match &shape {
            Shape::Circle { center, radius_m } => {
                assert_eq!(shape.signed_distance_m(*center), -radius_m);
            }
            // Every corner is on the border.
            Shape::Polygon { vertices } => {
                for &corner in vertices {
                    assert_eq!(shape.signed_distance_m(corner), 0.0, "{shape:?}");
                }
            }
        }
        let alert_on =
            [AlertOn::Exit, AlertOn::Entry, AlertOn::Both][usize::from(input.alert_on % 3)];
        let zones = [Zone {
            id: "zone".into(),
            shape,
            alert_on,
            schedule: None,
        }];
        let _ = initial_inside(&zones, position);
        let previous: InsideSet = if input.was_inside {
            ["zone".to_string()].into()
        } else {
            InsideSet::new()
        };
        let accuracy_m = input.accuracy_m.map(|a| a.value(1e-2));
        let first = evaluate(&zones, &previous, position, accuracy_m, 0);
        // The same report again crosses nothing: a parked car never flaps.
        let again = evaluate(&zones, &first.inside, position, accuracy_m, 0);
        assert_eq!(again.inside, first.inside);
        assert!(again.alerts.is_empty(), "{zones:?} {position:?}");
    });
}
