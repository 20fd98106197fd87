use proptest::prelude::*;

use super::*;
use crate::ErrorCode;

const PARIS: GeoPoint = GeoPoint::new(48.8566, 2.3522);
/// Monday 2026-11-23 12:00 UTC.
const AT: i64 = 1_795_435_200;

fn circle(id: &str, center: GeoPoint, radius_m: f64, alert_on: AlertOn) -> Zone {
    Zone {
        id: id.into(),
        shape: Shape::Circle { center, radius_m },
        alert_on,
        schedule: None,
    }
}

/// A regular polygon of `n` corners, `radius_m` from `center`.
fn regular(center: GeoPoint, radius_m: f64, n: usize) -> Shape {
    let degrees = radius_m / 111_195.0;
    let vertices = (0..n)
        .map(|i| {
            let angle = i as f64 / n as f64 * std::f64::consts::TAU;
            GeoPoint::new(
                center.latitude + degrees * angle.sin(),
                center.longitude + degrees * angle.cos() / center.latitude.to_radians().cos(),
            )
        })
        .collect();
    Shape::Polygon { vertices }
}

/// The point `metres` from `from` along `bearing_deg` (flat, for the short distances here).
fn offset(from: GeoPoint, bearing_deg: f64, metres: f64) -> GeoPoint {
    let (sin, cos) = bearing_deg.to_radians().sin_cos();
    GeoPoint::new(
        from.latitude + metres * cos / 111_195.0,
        from.longitude + metres * sin / (111_195.0 * from.latitude.to_radians().cos()),
    )
}

fn code(shape: Shape) -> Option<ErrorCode> {
    shape.validate().err().map(|e| e.code())
}

#[test]
fn shapes_are_checked_with_a_code_and_a_reason() {
    assert_eq!(code(regular(PARIS, 1_000.0, 6)), None);
    let small = Shape::Circle {
        center: PARIS,
        radius_m: 99.0,
    };
    assert_eq!(code(small.clone()), Some(ErrorCode::ZoneRadius));
    assert!(small
        .validate()
        .expect_err("small")
        .to_string()
        .contains("100 m to 500 km"));
    assert_eq!(
        code(Shape::Circle {
            center: PARIS,
            radius_m: 500_001.0
        }),
        Some(ErrorCode::ZoneRadius)
    );
    assert_eq!(
        code(Shape::Circle {
            center: GeoPoint::new(91.0, 0.0),
            radius_m: 500.0
        }),
        Some(ErrorCode::ZonePosition)
    );
    assert_eq!(
        code(regular(PARIS, 1_000.0, 2)),
        Some(ErrorCode::ZoneVertices)
    );
    assert_eq!(
        code(regular(PARIS, 1_000.0, 101)),
        Some(ErrorCode::ZoneVertices)
    );
    // A bow tie: its sides 1 and 3 cross.
    let bow_tie = Shape::Polygon {
        vertices: vec![
            GeoPoint::new(48.85, 2.35),
            GeoPoint::new(48.86, 2.36),
            GeoPoint::new(48.86, 2.35),
            GeoPoint::new(48.85, 2.36),
        ],
    };
    let error = bow_tie.validate().expect_err("crosses itself");
    assert_eq!(error.code(), ErrorCode::ZoneSelfIntersecting);
    assert!(error.to_string().contains("cannot have holes"));
    // Across the 180° meridian (Fiji): refused with the way out, not silently wrong.
    let fiji = Shape::Polygon {
        vertices: vec![
            GeoPoint::new(-17.0, 179.9),
            GeoPoint::new(-17.0, -179.9),
            GeoPoint::new(-17.1, -179.9),
            GeoPoint::new(-17.1, 179.9),
        ],
    };
    assert_eq!(code(fiji), Some(ErrorCode::ZoneAntimeridian));
}

#[test]
fn the_distance_to_a_polygons_border_is_signed_and_in_metres() {
    let square = regular(PARIS, 1_000.0, 4);
    assert!(square.signed_distance_m(PARIS) < -600.0);
    let far = offset(PARIS, 90.0, 3_000.0);
    let d = square.signed_distance_m(far);
    assert!((1_900.0..2_100.0).contains(&d), "{d}");
}

#[test]
fn a_car_parked_on_the_border_does_not_flap() {
    let zones = vec![circle("home", PARIS, 500.0, AlertOn::Both)];
    let on_border = offset(PARIS, 45.0, 500.0);
    let mut inside = initial_inside(&zones, offset(PARIS, 45.0, 480.0));
    assert!(inside.contains("home"));
    for metres in [495.0, 510.0, 520.0, 490.0, 524.0, 505.0] {
        let report = evaluate(&zones, &inside, offset(PARIS, 45.0, metres), Some(10.0), AT);
        assert!(report.alerts.is_empty(), "{metres} m");
        inside = report.inside;
    }
    // A poor fix widens the margin: 60 m out with 80 m accuracy is no crossing yet.
    let vague = evaluate(
        &zones,
        &inside,
        offset(on_border, 45.0, 60.0),
        Some(80.0),
        AT,
    );
    assert!(vague.alerts.is_empty());
    let clear = evaluate(
        &zones,
        &inside,
        offset(on_border, 45.0, 60.0),
        Some(10.0),
        AT,
    );
    assert_eq!(
        clear.alerts,
        vec![Transition {
            zone_id: "home".into(),
            crossing: Crossing::Left
        }]
    );
    assert!(clear.inside.is_empty());
}

#[test]
fn only_the_crossings_asked_for_are_reported_but_all_are_tracked() {
    let zones = vec![
        circle("exit-only", PARIS, 300.0, AlertOn::Exit),
        circle("entry-only", PARIS, 300.0, AlertOn::Entry),
    ];
    let outside = offset(PARIS, 0.0, 1_000.0);
    let entered = evaluate(&zones, &InsideSet::new(), PARIS, None, AT);
    assert_eq!(entered.alerts.len(), 1);
    assert_eq!(entered.alerts[0].zone_id, "entry-only");
    assert_eq!(entered.inside.len(), 2);
    let left = evaluate(&zones, &entered.inside, outside, None, AT);
    assert_eq!(left.alerts.len(), 1);
    assert_eq!(left.alerts[0].zone_id, "exit-only");
    assert!(left.inside.is_empty());
    // A deleted zone leaves the inside-set without an alert.
    assert!(evaluate(&[], &entered.inside, outside, None, AT)
        .inside
        .is_empty());
}

fn zone_strategy() -> impl Strategy<Value = Zone> {
    (
        -60.0..60.0f64,
        -170.0..170.0f64,
        200.0..20_000.0f64,
        prop_oneof![Just(0usize), 3usize..12],
    )
        .prop_map(|(lat, lon, radius, corners)| {
            let center = GeoPoint::new(lat, lon);
            Zone {
                id: "z".into(),
                shape: if corners == 0 {
                    Shape::Circle {
                        center,
                        radius_m: radius,
                    }
                } else {
                    regular(center, radius, corners)
                },
                alert_on: AlertOn::Both,
                schedule: None,
            }
        })
}

/// How far from `centre` along `bearing` the border is, by bisection.
fn border_along(shape: &Shape, centre: GeoPoint, bearing: f64) -> f64 {
    let (mut inside, mut outside) = (0.0, 50_000.0);
    for _ in 0..60 {
        let middle = (inside + outside) / 2.0;
        if shape.signed_distance_m(offset(centre, bearing, middle)) < 0.0 {
            inside = middle;
        } else {
            outside = middle;
        }
    }
    inside
}

fn centre_of(zone: &Zone) -> GeoPoint {
    match &zone.shape {
        Shape::Circle { center, .. } => *center,
        Shape::Polygon { vertices } => {
            let n = vertices.len() as f64;
            GeoPoint::new(
                vertices.iter().map(|v| v.latitude).sum::<f64>() / n,
                vertices.iter().map(|v| v.longitude).sum::<f64>() / n,
            )
        }
    }
}

proptest! {
    #[test]
    fn generated_zones_are_valid(zone in zone_strategy()) {
        prop_assert!(zone.shape.validate().is_ok());
    }

    /// A stationary car parked within 15 m of the border, its fix wandering up to 12 m, never
    /// raises an alert.
    #[test]
    fn a_stationary_car_raises_nothing(
        zone in zone_strategy(),
        bearing in 0.0..360.0f64,
        from_border in -15.0..15.0f64,
        jitter in proptest::collection::vec((0.0..360.0f64, 0.0..12.0f64), 1..30),
    ) {
        let centre = centre_of(&zone);
        let parked = offset(centre, bearing, border_along(&zone.shape, centre, bearing) + from_border);
        let zones = vec![zone];
        let mut inside = initial_inside(&zones, parked);
        for (direction, metres) in jitter {
            let report = evaluate(&zones, &inside, offset(parked, direction, metres), Some(5.0), AT);
            prop_assert!(report.alerts.is_empty());
            inside = report.inside;
        }
    }

    /// Driving straight from the middle of a zone to well outside it, in steps of up to 50 m,
    /// gives exactly one exit; driving back gives exactly one entry.
    #[test]
    fn a_straight_drive_across_the_border_crosses_once(
        zone in zone_strategy(),
        bearing in 0.0..360.0f64,
        step in 5.0..50.0f64,
    ) {
        let centre = centre_of(&zone);
        let reach = match &zone.shape {
            Shape::Circle { radius_m, .. } => radius_m * 2.0,
            Shape::Polygon { .. } => 40_000.0,
        };
        let steps = (reach / step).ceil() as usize;
        let path: Vec<GeoPoint> = (0..=steps).map(|i| offset(centre, bearing, i as f64 * step)).collect();
        let zones = vec![zone];
        let mut inside = initial_inside(&zones, path[0]);
        prop_assert!(inside.contains("z"), "the middle is inside");
        let mut crossings = Vec::new();
        for point in &path[1..] {
            let report = evaluate(&zones, &inside, *point, None, AT);
            crossings.extend(report.alerts.iter().map(|t| t.crossing));
            inside = report.inside;
        }
        prop_assert_eq!(crossings, vec![Crossing::Left]);
        let mut back = Vec::new();
        for point in path.iter().rev().skip(1) {
            let report = evaluate(&zones, &inside, *point, None, AT);
            back.extend(report.alerts.iter().map(|t| t.crossing));
            inside = report.inside;
        }
        prop_assert_eq!(back, vec![Crossing::Entered]);
    }
}

#[test]
fn a_crossing_outside_the_schedule_is_tracked_but_not_told() {
    let mut school = circle("school", PARIS, 300.0, AlertOn::Exit);
    school.schedule = Some(Schedule {
        time_zone: "Europe/Paris".into(),
        windows: vec![WeeklyWindow {
            days: vec![1, 2, 3, 4, 5],
            start: "08:00".into(),
            end: "16:00".into(),
        }],
    });
    assert!(school.validate().is_ok());
    let zones = vec![school];
    let inside = initial_inside(&zones, PARIS);
    let outside = offset(PARIS, 0.0, 1_000.0);
    // Monday 13:00 in Paris: told.
    let told = evaluate(&zones, &inside, outside, None, AT);
    assert_eq!(told.alerts.len(), 1);
    // Monday 20:00 in Paris: the car still leaves, nobody is told, and it is outside now.
    let evening = evaluate(&zones, &inside, outside, None, AT + 7 * 3600);
    assert!(evening.alerts.is_empty());
    assert!(evening.inside.is_empty());
}
