//! The NissanConnect generation a model year shipped with, which decides the remote services a
//! car can have at all.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    /// Before 2014: no connected services.
    None,
    /// 2014–2017: NissanConnect 1.0/2.0, without remote services.
    Legacy,
    /// 2018–2020: NissanConnect 3.0, remote services with a subscription.
    V3,
    /// 2021 and later: the current service with the full set of features.
    Current,
}

impl Generation {
    pub fn for_model_year(year: u16) -> Generation {
        match year {
            ..=2013 => Generation::None,
            2014..=2017 => Generation::Legacy,
            2018..=2020 => Generation::V3,
            _ => Generation::Current,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Generation::None => "No connected services",
            Generation::Legacy => "NissanConnect 1.0/2.0",
            Generation::V3 => "NissanConnect 3.0",
            Generation::Current => "NissanConnect (current generation)",
        }
    }

    /// Whether the car's telematics can carry remote services (engine start, lock/unlock, alerts).
    pub fn has_remote_services(self) -> bool {
        matches!(self, Generation::V3 | Generation::Current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_boundaries() {
        assert_eq!(Generation::for_model_year(2013), Generation::None);
        assert_eq!(Generation::for_model_year(2014), Generation::Legacy);
        assert_eq!(Generation::for_model_year(2017), Generation::Legacy);
        assert_eq!(Generation::for_model_year(2018), Generation::V3);
        assert_eq!(Generation::for_model_year(2020), Generation::V3);
        assert_eq!(Generation::for_model_year(2021), Generation::Current);
        assert!(!Generation::Legacy.has_remote_services());
        assert!(Generation::V3.has_remote_services());
    }
}
