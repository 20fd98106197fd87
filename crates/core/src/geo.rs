//! Points on the globe and the little spherical geometry the simulator and geofences need.

use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    pub const fn new(latitude: f64, longitude: f64) -> Self {
        Self {
            latitude,
            longitude,
        }
    }

    /// Latitude −90…90 and longitude −180…180, both finite.
    pub fn is_on_globe(self) -> bool {
        (-90.0..=90.0).contains(&self.latitude) && (-180.0..=180.0).contains(&self.longitude)
    }

    /// Great-circle distance (haversine), metres.
    pub fn distance_m(self, to: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), to.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (to.longitude - self.longitude).to_radians();
        let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }

    /// Initial bearing towards `to`, degrees clockwise from north, 0–359.
    pub fn bearing_deg(self, to: GeoPoint) -> u16 {
        let (lat1, lat2) = (self.latitude.to_radians(), to.latitude.to_radians());
        let d_lon = (to.longitude - self.longitude).to_radians();
        let y = d_lon.sin() * lat2.cos();
        let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * d_lon.cos();
        let degrees = y.atan2(x).to_degrees().rem_euclid(360.0).round();
        // Rounding 359.6 gives 360, which is north again.
        (degrees as u16) % 360
    }

    /// The point `fraction` (0–1) of the way to `to`. Linear in degrees, which is exact enough
    /// for the few hundred metres between two points of a route.
    pub fn towards(self, to: GeoPoint, fraction: f64) -> GeoPoint {
        let f = fraction.clamp(0.0, 1.0);
        GeoPoint {
            latitude: self.latitude + (to.latitude - self.latitude) * f,
            longitude: self.longitude + (to.longitude - self.longitude) * f,
        }
    }
}

/// The eight compass points, for "the car is 300 m north-east".
pub fn compass_point(bearing_deg: u16) -> &'static str {
    const POINTS: [&str; 8] = [
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ];
    POINTS[((u32::from(bearing_deg % 360) * 2 + 45) / 90 % 8) as usize]
}

/// A position the device reported about itself. Some platforms answer "no fix" with latitude
/// and longitude both exactly 0 (Tauri's desktop geolocation plugin does), a point in the Gulf
/// of Guinea no owner stands on; that, anything off the globe or an accuracy worse than
/// 50 km is no position at all.
pub fn usable_device_fix(point: GeoPoint, accuracy_m: Option<f64>) -> Option<GeoPoint> {
    let null_island = point.latitude == 0.0 && point.longitude == 0.0;
    let vague = accuracy_m.is_some_and(|a| !a.is_finite() || a > 50_000.0);
    (point.is_on_globe() && !null_island && !vague).then_some(point)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_distances() {
        let paris = GeoPoint::new(48.8566, 2.3522);
        let london = GeoPoint::new(51.5074, -0.1278);
        let km = paris.distance_m(london) / 1000.0;
        assert!((km - 343.5).abs() < 1.5, "{km}");
        assert_eq!(paris.distance_m(paris), 0.0);
        // One degree of latitude is about 111.2 km everywhere.
        let d = GeoPoint::new(10.0, 20.0).distance_m(GeoPoint::new(11.0, 20.0));
        assert!((d - 111_195.0).abs() < 50.0, "{d}");
    }

    #[test]
    fn bearings_point_the_right_way() {
        let origin = GeoPoint::new(50.0, 10.0);
        assert_eq!(origin.bearing_deg(GeoPoint::new(51.0, 10.0)), 0);
        assert_eq!(origin.bearing_deg(GeoPoint::new(49.0, 10.0)), 180);
        let east = origin.bearing_deg(GeoPoint::new(50.0, 10.01));
        assert!((89..=91).contains(&east), "{east}");
        let west = origin.bearing_deg(GeoPoint::new(50.0, 9.99));
        assert!((269..=271).contains(&west), "{west}");
    }

    #[test]
    fn compass_points_split_the_circle_evenly() {
        assert_eq!(compass_point(0), "north");
        assert_eq!(compass_point(22), "north");
        assert_eq!(compass_point(23), "north-east");
        assert_eq!(compass_point(90), "east");
        assert_eq!(compass_point(200), "south");
        assert_eq!(compass_point(338), "north");
        assert_eq!(compass_point(315), "north-west");
    }

    #[test]
    fn a_zero_or_vague_fix_is_no_fix() {
        let here = GeoPoint::new(51.5, -0.12);
        assert_eq!(usable_device_fix(here, Some(20.0)), Some(here));
        assert_eq!(usable_device_fix(here, None), Some(here));
        assert_eq!(usable_device_fix(GeoPoint::new(0.0, 0.0), Some(5.0)), None);
        assert_eq!(usable_device_fix(here, Some(80_000.0)), None);
        assert_eq!(usable_device_fix(GeoPoint::new(f64::NAN, 1.0), None), None);
        // The equator and the prime meridian on their own are real places.
        assert!(usable_device_fix(GeoPoint::new(0.0, 9.5), None).is_some());
    }

    #[test]
    fn globe_bounds() {
        assert!(GeoPoint::new(90.0, -180.0).is_on_globe());
        assert!(!GeoPoint::new(90.1, 0.0).is_on_globe());
        assert!(!GeoPoint::new(0.0, 180.5).is_on_globe());
        assert!(!GeoPoint::new(f64::NAN, 0.0).is_on_globe());
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_bounded(
            a_lat in -90.0..90.0f64, a_lon in -180.0..180.0f64,
            b_lat in -90.0..90.0f64, b_lon in -180.0..180.0f64,
        ) {
            let (a, b) = (GeoPoint::new(a_lat, a_lon), GeoPoint::new(b_lat, b_lon));
            let d = a.distance_m(b);
            prop_assert!((d - b.distance_m(a)).abs() < 1e-6);
            prop_assert!((0.0..=std::f64::consts::PI * EARTH_RADIUS_M + 1.0).contains(&d));
            prop_assert!(a.bearing_deg(b) < 360);
        }

        #[test]
        fn a_point_part_way_splits_the_distance(
            lat in -60.0..60.0f64, lon in -170.0..170.0f64,
            d_lat in -0.01..0.01f64, d_lon in -0.01..0.01f64, f in 0.0..1.0f64,
        ) {
            let a = GeoPoint::new(lat, lon);
            let b = GeoPoint::new(lat + d_lat, lon + d_lon);
            let mid = a.towards(b, f);
            let whole = a.distance_m(b);
            prop_assert!((a.distance_m(mid) + mid.distance_m(b) - whole).abs() < 0.5);
        }
    }
}
