//! Lenient timestamp parsing. The service writes `lastUpdateTime` with or without seconds,
//! sometimes with milliseconds, usually with `Z` (brief §3).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Parses an ISO-8601 date-time: seconds and fraction optional, `T` or a space between date
/// and time, `Z`, `±HH:MM`, `±HHMM` or no zone (taken as UTC). Anything else gives `None`.
pub(crate) fn parse_lenient(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if text.len() < 16 || !text.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // The zone starts at a trailing `Z` or at the last sign after the time.
    let zone_at = rest.rfind(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let zone = match zone {
        "" | "Z" | "z" => "Z".to_owned(),
        offset if offset.len() == 5 && offset.is_ascii() && !offset.contains(':') => {
            format!("{}:{}", &offset[..3], &offset[3..])
        }
        offset => offset.to_owned(),
    };
    let clock = match clock.len() {
        5 => format!("{clock}:00"),
        _ => clock.to_owned(),
    };
    OffsetDateTime::parse(&format!("{date}T{clock}{zone}"), &Rfc3339).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC, the form the climate schedule expects.
pub(crate) fn format_utc_seconds(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    // Formatting a valid date with a fixed numeric format cannot fail; fall back to RFC 3339
    // rather than panic.
    utc.format(&format)
        .or_else(|_| utc.format(&Rfc3339))
        .unwrap_or_default()
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), as `Retry-After` may carry.
pub(crate) fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    PrimitiveDateTime::parse(text.trim(), &format)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn accepts_the_shapes_the_service_sends() {
        let at = datetime!(2030-05-04 10:20:00 UTC);
        for text in [
            "2030-05-04T10:20:00Z",
            "2030-05-04T10:20Z",
            "2030-05-04T10:20:00.000Z",
            "2030-05-04T12:20:00+02:00",
            "2030-05-04T12:20+02:00",
            "2030-05-04T12:20:00+0200",
            "2030-05-04T10:20:00",
            "2030-05-04 10:20:00z",
            "2030-05-04T05:20:00-05:00",
        ] {
            assert_eq!(parse_lenient(text), Some(at), "{text}");
        }
        assert_eq!(
            parse_lenient("2030-05-04T10:20:00.250Z"),
            Some(datetime!(2030-05-04 10:20:00.25 UTC))
        );
    }

    #[test]
    fn rejects_garbage() {
        for text in [
            "",
            "yesterday",
            "2030-05-04",
            "2030-05-04T",
            "2030-13-04T10:20Z",
            "é2030-05-04T10:20Z",
        ] {
            assert_eq!(parse_lenient(text), None, "{text}");
        }
    }

    #[test]
    fn formats_schedule_times_in_utc() {
        assert_eq!(
            format_utc_seconds(datetime!(2030-05-04 12:20:05 +02:00)),
            "2030-05-04T10:20:05Z"
        );
    }

    #[test]
    fn parses_http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(datetime!(1994-11-06 08:49:37 UTC))
        );
    }
}
