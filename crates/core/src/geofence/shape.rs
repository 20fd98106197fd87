//! The two shapes a zone can have, their checks, and the signed distance from a point to their
//! border (negative inside), which containment and the crossing margin both use.

use serde::{Deserialize, Serialize};

use crate::{error::Error, geo::GeoPoint};

pub const MIN_RADIUS_M: u32 = 100;
pub const MAX_RADIUS_M: u32 = 500_000;
pub const MIN_VERTICES: usize = 3;
pub const MAX_VERTICES: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Shape {
    Circle {
        center: GeoPoint,
        radius_m: f64,
    },
    /// One closed loop of corners, in order; the last corner joins the first.
    Polygon {
        vertices: Vec<GeoPoint>,
    },
}

impl Shape {
    /// Radius 100 m – 500 km; 3–100 corners on the globe, not crossing the 180° meridian,
    /// the outline not crossing itself.
    pub fn validate(&self) -> Result<(), Error> {
        match self {
            Shape::Circle { center, radius_m } => {
                if !center.is_on_globe() {
                    return Err(Error::ZonePosition { number: 1 });
                }
                let range = f64::from(MIN_RADIUS_M)..=f64::from(MAX_RADIUS_M);
                if !range.contains(radius_m) {
                    return Err(Error::ZoneRadius {
                        min: MIN_RADIUS_M,
                        max: MAX_RADIUS_M,
                        // Saturating: a NaN or an absurd radius still gets its message.
                        given: radius_m.round() as i64,
                    });
                }
                Ok(())
            }
            Shape::Polygon { vertices } => validate_polygon(vertices),
        }
    }

    /// Metres from the point to the border: negative inside, positive outside.
    pub fn signed_distance_m(&self, point: GeoPoint) -> f64 {
        match self {
            Shape::Circle { center, radius_m } => center.distance_m(point) - radius_m,
            Shape::Polygon { vertices } => {
                let plane = Plane::around(vertices);
                let corners: Vec<(f64, f64)> = vertices.iter().map(|v| plane.xy(*v)).collect();
                let p = plane.xy(point);
                let border = edges(&corners)
                    .map(|(a, b)| segment_distance(p, a, b))
                    .fold(f64::INFINITY, f64::min);
                if contains(&corners, p) {
                    -border
                } else {
                    border
                }
            }
        }
    }
}

fn validate_polygon(vertices: &[GeoPoint]) -> Result<(), Error> {
    if !(MIN_VERTICES..=MAX_VERTICES).contains(&vertices.len()) {
        return Err(Error::ZoneVertices {
            min: MIN_VERTICES,
            max: MAX_VERTICES,
            found: vertices.len(),
        });
    }
    if let Some(index) = vertices.iter().position(|v| !v.is_on_globe()) {
        return Err(Error::ZonePosition { number: index + 1 });
    }
    // Each side takes the short way round; a side longer than half the globe in longitude
    // would mean crossing the 180° meridian, which the flat distance below cannot follow.
    let ring = vertices.iter().zip(vertices.iter().cycle().skip(1));
    if ring
        .clone()
        .any(|(a, b)| (a.longitude - b.longitude).abs() > 180.0)
    {
        return Err(Error::ZoneAntimeridian);
    }
    let plane = Plane::around(vertices);
    let corners: Vec<(f64, f64)> = vertices.iter().map(|v| plane.xy(*v)).collect();
    let sides: Vec<_> = edges(&corners).collect();
    for i in 0..sides.len() {
        for j in i + 1..sides.len() {
            let neighbours = j == i + 1 || (i == 0 && j == sides.len() - 1);
            if !neighbours && segments_cross(sides[i], sides[j]) {
                return Err(Error::ZoneSelfIntersecting {
                    first: i + 1,
                    second: j + 1,
                });
            }
        }
    }
    Ok(())
}

/// A flat map in metres around a zone (equirectangular at its mean latitude): within the
/// 500 km a zone may span, exact to well under the 25 m crossing margin near the zone.
struct Plane {
    origin: GeoPoint,
    metres_per_degree_lon: f64,
}

const METRES_PER_DEGREE_LAT: f64 = crate::geo::EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

impl Plane {
    fn around(vertices: &[GeoPoint]) -> Plane {
        let n = vertices.len().max(1) as f64;
        let latitude = vertices.iter().map(|v| v.latitude).sum::<f64>() / n;
        let longitude = vertices.iter().map(|v| v.longitude).sum::<f64>() / n;
        Plane {
            origin: GeoPoint::new(latitude, longitude),
            metres_per_degree_lon: METRES_PER_DEGREE_LAT * latitude.to_radians().cos(),
        }
    }

    fn xy(&self, point: GeoPoint) -> (f64, f64) {
        // The short way round in longitude, so a point just across 180° is not a globe away.
        let d_lon = (point.longitude - self.origin.longitude + 540.0).rem_euclid(360.0) - 180.0;
        (
            d_lon * self.metres_per_degree_lon,
            (point.latitude - self.origin.latitude) * METRES_PER_DEGREE_LAT,
        )
    }
}

type Xy = (f64, f64);

fn edges(corners: &[Xy]) -> impl Iterator<Item = (Xy, Xy)> + '_ {
    corners
        .iter()
        .zip(corners.iter().cycle().skip(1))
        .map(|(a, b)| (*a, *b))
}

/// Even–odd ray casting.
fn contains(corners: &[Xy], (x, y): Xy) -> bool {
    let mut inside = false;
    for ((x1, y1), (x2, y2)) in edges(corners) {
        if (y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
            inside = !inside;
        }
    }
    inside
}

fn segment_distance((px, py): Xy, (ax, ay): Xy, (bx, by): Xy) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / length2).clamp(0.0, 1.0)
    };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

fn orientation(a: Xy, b: Xy, c: Xy) -> f64 {
    (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
}

/// Whether two sides touch or cross (collinear overlaps included).
fn segments_cross((a, b): (Xy, Xy), (c, d): (Xy, Xy)) -> bool {
    let (o1, o2) = (orientation(a, b, c), orientation(a, b, d));
    let (o3, o4) = (orientation(c, d, a), orientation(c, d, b));
    if o1 * o2 < 0.0 && o3 * o4 < 0.0 {
        return true;
    }
    let on = |p: Xy, q: Xy, r: Xy| {
        orientation(p, q, r).abs() < 1e-9
            && r.0 >= p.0.min(q.0)
            && r.0 <= p.0.max(q.0)
            && r.1 >= p.1.min(q.1)
            && r.1 <= p.1.max(q.1)
    };
    on(a, b, c) || on(a, b, d) || on(c, d, a) || on(c, d, b)
}
