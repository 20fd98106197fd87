//! The base addresses of the five services a NissanConnect client talks to. Every address the
//! crate uses is derived from these; nothing else is hard-coded.

use url::Url;

use crate::Error;

/// The European production services, as used by the MyNISSAN app (brief §1.1).
const EUROPE_AUTH: &str = "https://login.mynissan-account.com/";
const EUROPE_BFF: &str = "https://nci-bff-web-prod.apps.eu2.kamereon.io/bff-web/";
const EUROPE_USER_ADAPTER: &str =
    "https://alliance-platform-usersadapter-prod.apps.eu2.kamereon.io/user-adapter/";
const EUROPE_CAR_ADAPTER: &str =
    "https://alliance-platform-caradapter-prod.apps.eu2.kamereon.io/car-adapter/";
const EUROPE_ACTION_STATUS: &str =
    "https://alliance-platform-action-status-polling-prod.apps.eu2.kamereon.io/";

/// Base addresses, each ending in `/` so that relative paths join below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    auth: Url,
    bff: Url,
    user_adapter: Url,
    car_adapter: Url,
    action_status: Url,
}

impl Endpoints {
    /// Checks each address: it must be https, or plain http on a loopback host (the fake
    /// service), and must not carry a query, fragment or credentials.
    pub fn new(
        auth: Url,
        bff: Url,
        user_adapter: Url,
        car_adapter: Url,
        action_status: Url,
    ) -> Result<Self, Error> {
        Ok(Self {
            auth: checked(auth)?,
            bff: checked(bff)?,
            user_adapter: checked(user_adapter)?,
            car_adapter: checked(car_adapter)?,
            action_status: checked(action_status)?,
        })
    }

    /// Nissan's European production services. The addresses are constants checked by a unit
    /// test, so this does not fail in practice.
    pub fn europe() -> Result<Self, Error> {
        Self::new(
            parse(EUROPE_AUTH)?,
            parse(EUROPE_BFF)?,
            parse(EUROPE_USER_ADAPTER)?,
            parse(EUROPE_CAR_ADAPTER)?,
            parse(EUROPE_ACTION_STATUS)?,
        )
    }

    /// All five services under one base, at `auth/`, `bff-web/`, `user-adapter/`,
    /// `car-adapter/` and `action-status/` — the layout of the fake service.
    pub fn from_base(base: &Url) -> Result<Self, Error> {
        let base = with_trailing_slash(base.clone());
        let under = |path: &str| {
            base.join(path).map_err(|_| {
                Error::InvalidArgument(format!("cannot join {path} to the base address"))
            })
        };
        Self::new(
            under("auth/")?,
            under("bff-web/")?,
            under("user-adapter/")?,
            under("car-adapter/")?,
            under("action-status/")?,
        )
    }

    /// The MyNISSAN OneID (WSO2) login service.
    pub fn auth(&self) -> &Url {
        &self.auth
    }

    /// The "backend for frontend": vehicle list, v3 battery status, Kamereon tokens.
    pub fn bff(&self) -> &Url {
        &self.bff
    }

    pub fn user_adapter(&self) -> &Url {
        &self.user_adapter
    }

    pub fn car_adapter(&self) -> &Url {
        &self.car_adapter
    }

    pub fn action_status(&self) -> &Url {
        &self.action_status
    }
}

fn parse(address: &str) -> Result<Url, Error> {
    Url::parse(address)
        .map_err(|_| Error::InvalidArgument(format!("{address} is not a valid address")))
}

fn with_trailing_slash(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}

fn checked(url: Url) -> Result<Url, Error> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    // Tokens and the password travel to these addresses: plain http only where it cannot
    // leave the machine.
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !scheme_ok || url.host().is_none() {
        return Err(Error::InvalidArgument(format!(
            "{} must be an https address (http only on loopback)",
            url.origin().ascii_serialization()
        )));
    }
    if url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(Error::InvalidArgument(
            "a service address must not carry a query, fragment or credentials".into(),
        ));
    }
    Ok(with_trailing_slash(url))
}

/// `base` followed by `segments`, each percent-encoded as one path segment, so a VIN or user
/// id can never change the path's shape.
pub(crate) fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn europe_addresses_parse() {
        let europe = Endpoints::europe().expect("the European addresses are valid");
        assert_eq!(europe.auth().as_str(), EUROPE_AUTH);
        assert_eq!(europe.action_status().as_str(), EUROPE_ACTION_STATUS);
    }

    #[test]
    fn from_base_puts_services_under_prefixes() {
        let base = Url::parse("http://127.0.0.1:4000").expect("valid");
        let endpoints = Endpoints::from_base(&base).expect("loopback http is allowed");
        assert_eq!(endpoints.bff().as_str(), "http://127.0.0.1:4000/bff-web/");
        assert_eq!(
            join(endpoints.car_adapter(), &["v1", "cars", "VIN/../x"]).as_str(),
            "http://127.0.0.1:4000/car-adapter/v1/cars/VIN%2F..%2Fx"
        );
    }

    #[test]
    fn plain_http_off_loopback_is_refused() {
        let base = Url::parse("http://example.com/").expect("valid");
        assert!(Endpoints::from_base(&base).is_err());
    }
}
