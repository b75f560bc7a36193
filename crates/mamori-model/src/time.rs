//! Timestamps as AWS reports them.
//!
//! The SDK hands us `DateTime`s, the AWS CLI prints ISO 8601 strings (v2) or
//! epoch seconds (v1 with JSON protocols). Both deserialize into [`Time`]; it
//! always serializes as RFC 3339 in UTC so snapshots are byte-stable.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// An instant, second or sub-second precision, always UTC on output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub jiff::Timestamp);

impl Time {
    /// Seconds since the Unix epoch, with nanoseconds.
    pub fn from_epoch(secs: i64, nanos: u32) -> Option<Self> {
        jiff::Timestamp::new(secs, i32::try_from(nanos).ok()?).ok().map(Time)
    }

    pub fn epoch_seconds(self) -> i64 {
        self.0.as_second()
    }

    /// Parses RFC 3339 / ISO 8601 with an offset (`2024-01-02T03:04:05Z`,
    /// `2024-01-02T03:04:05+00:00`, `2024-01-02T03:04:05.123Z`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(ts) = text.parse::<jiff::Timestamp>() {
            return Some(Time(ts));
        }
        // The credential report and a few APIs omit the seconds' fraction
        // but keep an offset like `+0000`.
        if let Ok(zoned) = jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S%z", text) {
            return zoned.to_timestamp().ok().map(Time);
        }
        None
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Time) -> i64 {
        (later.0.as_second() - self.0.as_second()).div_euclid(86_400)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `jiff` prints the shortest exact fraction, `Z` for UTC.
        write!(f, "{}", self.0)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp or epoch seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Time, E> {
                Time::parse(v).ok_or_else(|| E::custom(format!("invalid timestamp `{v}`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Time, E> {
                Time::from_epoch(v, 0).ok_or_else(|| E::custom("timestamp out of range"))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Time, E> {
                let v = i64::try_from(v).map_err(|_| E::custom("timestamp out of range"))?;
                self.visit_i64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Time, E> {
                if !v.is_finite() {
                    return Err(E::custom("timestamp is not a finite number"));
                }
                let secs = v.floor();
                // Saturating float-to-int casts are fine: out-of-range values
                // are rejected by `from_epoch`.
                let nanos = ((v - secs) * 1e9).round() as u32;
                Time::from_epoch(secs as i64, nanos.min(999_999_999)).ok_or_else(|| E::custom("timestamp out of range"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn parses_cli_and_sdk_shapes() {
        let a = Time::parse("2024-01-02T03:04:05+00:00").map(|t| t.to_string());
        assert_eq!(a.as_deref(), Some("2024-01-02T03:04:05Z"));
        let b = Time::parse("2024-01-02T03:04:05.250Z").map(|t| t.to_string());
        assert_eq!(b.as_deref(), Some("2024-01-02T03:04:05.25Z"));
        let c: Time = serde_json::from_str("1704164645.5").unwrap();
        assert_eq!(c.to_string(), "2024-01-02T03:04:05.5Z");
        assert!(Time::parse("N/A").is_none());
        assert!(serde_json::from_str::<Time>("1e300").is_err());
    }

    #[test]
    fn days_until_counts_whole_days() {
        let a = Time::parse("2024-01-01T00:00:00Z").unwrap();
        let b = Time::parse("2024-03-31T23:00:00Z").unwrap();
        assert_eq!(a.days_until(b), 90);
        assert_eq!(b.days_until(a), -91);
    }
}
