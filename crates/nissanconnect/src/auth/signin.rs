//! The MyNISSAN OneID (WSO2) login: authorize, login form, credentials, callback.

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::header::{ACCEPT, LOCATION, ORIGIN, REFERER};
use url::{Origin, Url};

use super::form::{find_login_form, page_title};
use super::pkce::{random_token, Pkce};
use super::{tokens, Tokens, APP_CLIENT, BRAND, CLIENT_ID, LOCALE, ONEID_SCOPE, REDIRECT_URI};
use crate::clock::Clock;
use crate::endpoints::join;
use crate::http::{short, transport, Answer, Phase};
use crate::{Error, NissanConnect};

/// Redirect hops followed after each request, as the MyNISSAN app's web view would.
const MAX_REDIRECTS: usize = 10;
const HTML_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// Where the login may go: the auth service's origin (scheme, host, port) and below its path.
struct AuthScope {
    origin: Origin,
    path: String,
}

impl AuthScope {
    fn of(auth: &Url) -> Self {
        Self {
            origin: auth.origin(),
            path: auth.path().to_owned(),
        }
    }

    fn contains(&self, url: &Url) -> bool {
        url.origin() == self.origin && url.path().starts_with(&self.path)
    }
}

/// Where a chain of redirects ended.
enum Landing {
    /// A `Location` pointing at the app; not requested.
    Callback(Url),
    /// A 2xx page on the login service.
    Page { url: Url, body: String },
}

pub(super) async fn sign_in(
    client: &NissanConnect,
    email: &str,
    password: &str,
) -> Result<Tokens, Error> {
    let email = email.trim();
    if email.is_empty() || password.is_empty() {
        return Err(Error::InvalidArgument(
            "an email and a password are required".into(),
        ));
    }
    let clock = &client.config.clock;
    // The WSO2 login keeps its state (and load-balancer affinity) in cookies: a fresh jar per
    // attempt, so one attempt never inherits another's half-finished login.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
        .timeout(client.config.sign_in_timeout)
        .user_agent(client.config.user_agent.clone())
        .build()
        .map_err(|_| Error::InvalidArgument("the HTTP client could not be set up".into()))?;
    let auth = client.endpoints.auth();
    let scope = AuthScope::of(auth);
    let pkce = Pkce::generate();
    let state = random_token(32);

    let mut authorize = join(auth, &["oauth2", "authorize"]);
    authorize
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", REDIRECT_URI)
        .append_pair("client_id", CLIENT_ID)
        .append_pair("state", &state)
        .append_pair("scope", ONEID_SCOPE)
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("locale", LOCALE)
        .append_pair("brand", BRAND)
        .append_pair("client", APP_CLIENT);
    let response = http
        .get(authorize.clone())
        .header(ACCEPT, HTML_ACCEPT)
        .send()
        .await
        .map_err(|e| transport(&e, Phase::Auth))?;
    let callback = match follow(&http, &scope, clock, response, authorize).await? {
        Landing::Callback(url) => url,
        Landing::Page { url, body } => {
            let landing =
                submit_credentials(&http, &scope, clock, &url, &body, email, password).await?;
            callback_after_credentials(landing)?
        }
    };
    let code = code_from_callback(&callback, &state)?;
    let id_token = tokens::exchange_code(client, &http, &code, &pkce.verifier).await?;
    tokens::kamereon_exchange(client, &id_token).await
}

/// Follows redirects by hand while they stay on the login service, up to the app callback or
/// a 2xx page. Any other status is an error.
async fn follow(
    http: &reqwest::Client,
    scope: &AuthScope,
    clock: &Clock,
    mut response: reqwest::Response,
    mut url: Url,
) -> Result<Landing, Error> {
    for hop in 0..=MAX_REDIRECTS {
        let status = response.status();
        if !status.is_redirection() {
            let answer = Answer::read(response, Phase::Auth).await?;
            if status.is_success() {
                return Ok(Landing::Page {
                    url,
                    body: answer.text(),
                });
            }
            return Err(status_error(&answer, clock));
        }
        let next = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| url.join(location.trim()).ok())
            .ok_or_else(|| {
                Error::Protocol("the login service sent a redirect without a usable address".into())
            })?;
        if is_callback(&next) {
            return Ok(Landing::Callback(next));
        }
        if !scope.contains(&next) {
            return Err(Error::Protocol(
                "the login service redirected to another site; not followed".into(),
            ));
        }
        if hop == MAX_REDIRECTS {
            break;
        }
        response = http
            .get(next.clone())
            .header(ACCEPT, HTML_ACCEPT)
            .send()
            .await
            .map_err(|e| transport(&e, Phase::Auth))?;
        url = next;
    }
    Err(Error::Protocol("too many redirects during sign-in".into()))
}

fn is_callback(url: &Url) -> bool {
    Url::parse(REDIRECT_URI)
        .map(|app| url.scheme() == app.scheme() && url.host_str() == app.host_str())
        .unwrap_or(false)
}

/// Fills in and posts the login form found on `page`.
async fn submit_credentials(
    http: &reqwest::Client,
    scope: &AuthScope,
    clock: &Clock,
    page: &Url,
    body: &str,
    email: &str,
    password: &str,
) -> Result<Landing, Error> {
    let mut form = find_login_form(body)
        .ok_or_else(|| Error::Protocol("the login page has no sign-in form".into()))?;
    // An empty or missing action means "post back to this page", as in a browser.
    let action = page
        .join(form.action.as_deref().unwrap_or_default())
        .map_err(|_| Error::Protocol("the login form has an invalid address".into()))?;
    if !scope.contains(&action) {
        return Err(Error::Protocol(
            "the login form points away from the login service; the password was not sent".into(),
        ));
    }
    // A GET form would put the password in an address, where logs and proxies keep it.
    if form.method.as_deref() != Some("post") {
        return Err(Error::Protocol(
            "the login form does not use POST; the password was not sent".into(),
        ));
    }
    let region = form
        .value("regionCode")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let username = if region.is_empty() {
        email.to_owned()
    } else {
        format!("{region}/{email}")
    };
    form.set("userName", email);
    form.set("username", &username);
    form.set("password", password);
    let response = http
        .post(action.clone())
        .header(ORIGIN, scope.origin.ascii_serialization())
        .header(REFERER, page.as_str())
        .header(ACCEPT, HTML_ACCEPT)
        .form(&form.inputs)
        .send()
        .await
        .map_err(|e| transport(&e, Phase::Auth))?;
    // Redirects after the post are followed with GET: the password is never re-sent.
    follow(http, scope, clock, response, action).await
}

/// After the credentials: the callback, or a page saying why not.
fn callback_after_credentials(landing: Landing) -> Result<Url, Error> {
    let (url, body) = match landing {
        Landing::Callback(url) => return Ok(url),
        Landing::Page { url, body } => (url, body),
    };
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let failed = query
        .get("authFailure")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let error_code = query.get("errorCode").map(String::as_str);
    let message = query
        .get("authFailureMsg")
        .map(|m| m.to_ascii_lowercase())
        .unwrap_or_default();
    // WSO2's code for a locked user is 17003; its messages name the lock (see
    // `Error::AccountLocked` for how this was inferred).
    if error_code == Some("17003") || (failed && message.contains("locked")) {
        return Err(Error::AccountLocked);
    }
    if failed || find_login_form(&body).is_some() {
        return Err(Error::InvalidCredentials);
    }
    let hint = "confirm any pending terms, consent or verification in the MyNISSAN app";
    let reason = match page_title(&body) {
        Some(title) => format!("the login stopped at the page \"{title}\"; {hint}"),
        None => format!("the login stopped at a page that is neither the form nor the app; {hint}"),
    };
    Err(Error::LoginIncomplete { reason })
}

/// The authorization code from the app callback, after checking `state`.
fn code_from_callback(callback: &Url, expected_state: &str) -> Result<String, Error> {
    let query: HashMap<String, String> = callback.query_pairs().into_owned().collect();
    let state_matches = query.get("state").map(String::as_str) == Some(expected_state);
    if let Some(error) = query.get("error") {
        // An error answer without a state is still an answer to us; one with a foreign state is not.
        if query.contains_key("state") && !state_matches {
            return Err(Error::Protocol(
                "the login answer belongs to another sign-in (state mismatch)".into(),
            ));
        }
        return Err(match error.as_str() {
            "access_denied" => Error::InvalidCredentials,
            "login_required" | "consent_required" | "interaction_required" | "account_selection_required" => {
                Error::LoginIncomplete {
                    reason: format!(
                        "the login service asks for further confirmation ({}); finish it in the MyNISSAN app",
                        short(error, 40)
                    ),
                }
            }
            other => Error::Protocol(format!("the login service returned the error {}", short(other, 40))),
        });
    }
    if !state_matches {
        return Err(Error::Protocol(
            "the login answer belongs to another sign-in (state mismatch)".into(),
        ));
    }
    query
        .get("code")
        .filter(|code| !code.is_empty())
        .cloned()
        .ok_or_else(|| Error::Protocol("the login service returned no authorization code".into()))
}

/// A non-2xx, non-3xx answer from the login service.
pub(super) fn status_error(answer: &Answer, clock: &Clock) -> Error {
    let status = answer.status;
    if status.as_u16() == 429 {
        return Error::RateLimited {
            retry_after: answer.retry_after(clock),
        };
    }
    if status.is_server_error() {
        return Error::ServiceUnavailable {
            retry_after: answer.retry_after(clock),
        };
    }
    let json = answer.json();
    let code = json
        .as_ref()
        .and_then(|body| body.get("error"))
        .and_then(crate::http::scalar_text)
        .or_else(|| {
            json.as_ref()
                .and_then(crate::http::api_fault)
                .and_then(|fault| fault.code)
        });
    Error::Rejected {
        status: status.as_u16(),
        code: code.map(|c| short(&c, 60)),
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("valid url")
    }

    #[test]
    fn scope_is_origin_and_path() {
        let scope = AuthScope::of(&url("http://127.0.0.1:9/auth/"));
        assert!(scope.contains(&url("http://127.0.0.1:9/auth/commonauth")));
        assert!(!scope.contains(&url("http://127.0.0.1:9/bff-web/x")));
        assert!(!scope.contains(&url("http://127.0.0.1:10/auth/commonauth")));
        assert!(!scope.contains(&url("https://127.0.0.1:9/auth/commonauth")));
        let europe = AuthScope::of(&url("https://login.mynissan-account.com/"));
        assert!(europe.contains(&url("https://login.mynissan-account.com:443/commonauth")));
        assert!(!europe.contains(&url("http://login.mynissan-account.com/commonauth")));
        assert!(!europe.contains(&url(
            "https://login.mynissan-account.com.evil.example/commonauth"
        )));
    }

    #[test]
    fn callback_checks_state() {
        let ok = url("com://wso2.service.nci?code=c1&state=s1");
        assert!(is_callback(&ok));
        assert_eq!(code_from_callback(&ok, "s1"), Ok("c1".into()));
        assert!(matches!(
            code_from_callback(&ok, "s2"),
            Err(Error::Protocol(_))
        ));
        let denied = url("com://wso2.service.nci?error=access_denied&state=s1");
        assert_eq!(
            code_from_callback(&denied, "s1"),
            Err(Error::InvalidCredentials)
        );
        let consent = url("com://wso2.service.nci?error=consent_required&state=s1");
        assert!(matches!(
            code_from_callback(&consent, "s1"),
            Err(Error::LoginIncomplete { .. })
        ));
    }

    #[test]
    fn failure_pages_are_classified() {
        let page = |query: &str, body: &str| Landing::Page {
            url: url(&format!(
                "https://login.example/authenticationendpoint/login.do?{query}"
            )),
            body: body.into(),
        };
        let form = "<form action=../commonauth method=post><input name=sessionDataKey><input name=password></form>";
        let wrong = page("authFailure=true&authFailureMsg=login.fail.message", form);
        assert_eq!(
            callback_after_credentials(wrong).err(),
            Some(Error::InvalidCredentials)
        );
        let locked = page(
            "authFailure=true&authFailureMsg=user.account.locked&errorCode=17003",
            form,
        );
        assert_eq!(
            callback_after_credentials(locked).err(),
            Some(Error::AccountLocked)
        );
        let locked_msg = page("authFailure=true&authFailureMsg=account.is.locked", form);
        assert_eq!(
            callback_after_credentials(locked_msg).err(),
            Some(Error::AccountLocked)
        );
        let same_form = page("sessionDataKey=k", form);
        assert_eq!(
            callback_after_credentials(same_form).err(),
            Some(Error::InvalidCredentials)
        );
        let consent = page("sessionDataKey=k", "<title>New terms</title><p>Accept</p>");
        match callback_after_credentials(consent) {
            Err(Error::LoginIncomplete { reason }) => {
                assert!(reason.contains("New terms"), "{reason}")
            }
            other => panic!("expected LoginIncomplete, got {:?}", other.err()),
        }
    }
}
