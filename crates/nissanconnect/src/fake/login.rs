//! The fake MyNISSAN OneID (WSO2) login and the Kamereon token endpoints (brief §6, login).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde_json::{json, Value};

use super::reply::{errors, header, html, oauth_error, redirect, unauthorized};
use super::state::{Grant, LoginQuirk, PendingLogin, Shared};
use crate::auth::{
    s256_challenge, APP_CLIENT, BRAND, CLIENT_ID, KAMEREON_SCOPE, ONEID_SCOPE, REDIRECT_URI,
};
use crate::http::JSON_API;

type Params = HashMap<String, String>;

const SESSION_COOKIE: &str = "JSESSIONID";
const ONEID_LIFETIME_SECONDS: i64 = 3600;

/// `GET /auth/oauth2/authorize`: a new login (checks the app's parameters, sets the session
/// cookie, redirects to the login page) or, with `sessionDataKey`, the end of a successful one
/// (redirects to the app with the code).
pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(key) = q.get("sessionDataKey") {
        return finish_login(&shared, &headers, key);
    }
    let get = |name: &str| q.get(name).map(String::as_str).unwrap_or_default();
    let scopes: Vec<&str> = get("scope").split(' ').collect();
    let valid = get("response_type") == "code"
        && get("client_id") == CLIENT_ID
        && get("redirect_uri") == REDIRECT_URI
        && !get("state").is_empty()
        && ONEID_SCOPE.split(' ').all(|s| scopes.contains(&s))
        && get("code_challenge_method") == "S256"
        && get("code_challenge").len() == 43
        && !get("locale").is_empty()
        && get("brand") == BRAND
        && get("client") == APP_CLIENT;
    if !valid {
        return html(
            StatusCode::BAD_REQUEST,
            page("Error", "<p>Invalid authorization request.</p>"),
        );
    }
    let (key, cookie) = {
        let mut state = shared.state();
        let key = state.id("sdk");
        let cookie = state.id("session");
        let login = PendingLogin {
            cookie: cookie.clone(),
            state: get("state").to_owned(),
            code_challenge: get("code_challenge").to_owned(),
            authenticated: None,
        };
        state.logins.insert(key.clone(), login);
        (key, cookie)
    };
    let location = match &shared.settings().quirk {
        LoginQuirk::AuthorizeRedirectTo(elsewhere) => format!("{elsewhere}?sessionDataKey={key}"),
        _ => shared.url(&format!(
            "auth/authenticationendpoint/login.do?sessionDataKey={key}&client_id={CLIENT_ID}"
        )),
    };
    let mut response = redirect(&location);
    // The session cookie plus a load-balancer affinity cookie, as the real service sets.
    for value in [
        format!("{SESSION_COOKIE}={cookie}; Path=/; HttpOnly"),
        "AWSALB=fake-affinity; Path=/".to_owned(),
    ] {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn finish_login(shared: &Shared, headers: &HeaderMap, key: &str) -> Response {
    let quirk = shared.settings().quirk.clone();
    let mut state = shared.state();
    let Some(login) = state.logins.remove(key) else {
        return html(
            StatusCode::BAD_REQUEST,
            page("Error", "<p>Unknown session.</p>"),
        );
    };
    if !has_cookie(headers, &login.cookie) {
        state.logins.insert(key.to_owned(), login);
        return html(
            StatusCode::BAD_REQUEST,
            page("Error", "<p>Session cookie missing.</p>"),
        );
    }
    let Some(user_id) = login.authenticated.clone() else {
        state.logins.insert(key.to_owned(), login);
        drop(state);
        let login_page = format!("auth/authenticationendpoint/login.do?sessionDataKey={key}");
        return redirect(&shared.url(&login_page));
    };
    let returned_state = match quirk {
        LoginQuirk::WrongState => format!("{}-other", login.state),
        _ => login.state,
    };
    let mut callback = url::form_urlencoded::Serializer::new(String::new());
    if let LoginQuirk::CallbackError(error) = quirk {
        callback.append_pair("error", &error);
    } else {
        let code = state.id("code");
        state
            .codes
            .insert(code.clone(), (user_id, login.code_challenge));
        callback.append_pair("code", &code);
    }
    callback.append_pair("state", &returned_state);
    redirect(&format!("{REDIRECT_URI}?{}", callback.finish()))
}

/// `GET /auth/authenticationendpoint/login.do`: the login form, again after a failure.
pub(crate) async fn login_page(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Params>,
) -> Response {
    let Some(key) = q
        .get("sessionDataKey")
        .filter(|k| shared.state().logins.contains_key(*k))
    else {
        return html(
            StatusCode::BAD_REQUEST,
            page("Error", "<p>Unknown session.</p>"),
        );
    };
    let action = match &shared.settings().quirk {
        LoginQuirk::FormActionTo(elsewhere) => elsewhere.to_string(),
        _ => "../commonauth".to_owned(),
    };
    let region = shared.settings().region_code.clone();
    let failure = if q.get("authFailure").map(String::as_str) == Some("true") {
        "<div class=\"error\">Login failed! Please check your email and password.</div>"
    } else {
        ""
    };
    let body = format!(
        r#"{failure}
<form action="/auth/language" method="get"><input type="hidden" name="ui_locales" value="en_GB"></form>
<form action="{action}" method="post" id="loginForm">
  <input type="hidden" name="regionCode" value="{region}">
  <input type="hidden" name="username" value="">
  <input type="text" id="usernameUserInput" name="userName" value="">
  <input type="password" id="password" name="password" autocomplete="off">
  <input type="hidden" name="sessionDataKey" value="{key}">
  <input type="submit" value="Sign in">
</form>"#
    );
    html(StatusCode::OK, page("MyNISSAN - Sign in", &body))
}

/// `GET /auth/authenticationendpoint/consent.do`: a page the client cannot get past.
pub(crate) async fn consent_page() -> Response {
    let body = "<p>Please review and accept the updated terms and conditions in the MyNISSAN app.</p>\
                <form action=\"/auth/consent\" method=\"post\"><input type=\"hidden\" name=\"consent\" value=\"\"></form>";
    html(StatusCode::OK, page("Updated terms and conditions", body))
}

/// `POST /auth/commonauth`: checks the session cookie, the form and the credentials.
pub(crate) async fn commonauth(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<Params>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let key = field("sessionDataKey");
    let (region, quirk) = {
        let settings = shared.settings();
        (settings.region_code.clone(), settings.quirk.clone())
    };
    let expected_origin = shared.base.origin().ascii_serialization();
    if header(&headers, ORIGIN.as_str()) != Some(expected_origin.as_str()) {
        return html(
            StatusCode::FORBIDDEN,
            page("Error", "<p>Cross-site request refused.</p>"),
        );
    }
    let mut state = shared.state();
    match state.logins.get(key) {
        Some(login) if has_cookie(&headers, &login.cookie) => {}
        Some(_) => {
            return html(
                StatusCode::BAD_REQUEST,
                page("Error", "<p>Session cookie missing.</p>"),
            )
        }
        None => {
            return html(
                StatusCode::BAD_REQUEST,
                page("Error", "<p>Unknown session.</p>"),
            )
        }
    }
    let email = field("userName").trim().to_ascii_lowercase();
    let expected_username = if region.is_empty() {
        email.clone()
    } else {
        format!("{region}/{email}")
    };
    let login_page = |query: &str| {
        redirect(&shared.url(&format!(
            "auth/authenticationendpoint/login.do?sessionDataKey={key}&{query}"
        )))
    };
    let Some(account) = state.accounts.get(&email) else {
        return login_page("authFailure=true&authFailureMsg=login.fail.message");
    };
    if account.locked {
        return login_page("authFailure=true&authFailureMsg=user.account.locked&errorCode=17003");
    }
    if !field("username").eq_ignore_ascii_case(&expected_username)
        || field("password") != account.password
    {
        return login_page("authFailure=true&authFailureMsg=login.fail.message");
    }
    if account.consent_pending {
        return redirect(&shared.url(&format!(
            "auth/authenticationendpoint/consent.do?sessionDataKey={key}"
        )));
    }
    let user_id = account.user_id.clone();
    if let Some(login) = state.logins.get_mut(key) {
        login.authenticated = Some(user_id);
    }
    match quirk {
        LoginQuirk::SuccessRedirectTo(elsewhere) => redirect(elsewhere.as_str()),
        // A relative hop back through authorize, as WSO2 does, before the app callback.
        _ => redirect(&format!("oauth2/authorize?sessionDataKey={key}")),
    }
}

/// `POST /auth/oauth2/token`: the code for OneID tokens, checking the PKCE verifier.
pub(crate) async fn token(State(shared): State<Arc<Shared>>, Form(form): Form<Params>) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if field("grant_type") != "authorization_code"
        || field("client_id") != CLIENT_ID
        || field("redirect_uri") != REDIRECT_URI
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
    }
    let mut state = shared.state();
    let Some((user_id, challenge)) = state.codes.remove(field("code")) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    if s256_challenge(field("code_verifier")) != challenge {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let id_token = state.id("oneid-id");
    state.id_tokens.insert(id_token.clone(), user_id);
    let mut body = json!({
        "access_token": state.id("oneid-access"),
        "refresh_token": state.id("oneid-refresh"),
        "token_type": "Bearer",
        "expires_in": ONEID_LIFETIME_SECONDS,
        "scope": ONEID_SCOPE,
    });
    if shared.settings().quirk != LoginQuirk::NoIdToken {
        body["id_token"] = id_token.into();
    }
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `POST /bff-web/v1/oauth2/access_token?platform=Android`: the raw OneID id_token for
/// Kamereon tokens.
pub(crate) async fn kamereon_token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(refusal) = check_token_request(&headers, &q) {
        return refusal;
    }
    let raw = header(&headers, AUTHORIZATION.as_str()).unwrap_or_default();
    let mut state = shared.state();
    let Some(user_id) = state.id_tokens.remove(raw) else {
        return unauthorized();
    };
    let body = issue(&shared, &mut state, &user_id, true);
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `POST /bff-web/v1/oauth2/refresh-token?platform=Android`.
pub(crate) async fn refresh_token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<Params>,
    body: String,
) -> Response {
    if let Some(refusal) = check_token_request(&headers, &q) {
        return refusal;
    }
    let scope = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b.get("scope").cloned());
    if scope != Some(Value::from(KAMEREON_SCOPE)) {
        return errors(
            StatusCode::BAD_REQUEST,
            "400",
            "Bad Request",
            Some("scope missing"),
        );
    }
    let raw = header(&headers, AUTHORIZATION.as_str())
        .unwrap_or_default()
        .to_owned();
    let rotates = shared.settings().refresh_rotates;
    let mut state = shared.state();
    let Some(user_id) = state.refresh_tokens.get(&raw).cloned() else {
        return errors(
            StatusCode::UNAUTHORIZED,
            "401",
            "Unauthorized",
            Some("Invalid refresh token"),
        );
    };
    if rotates {
        state.refresh_tokens.remove(&raw);
    }
    let body = issue(&shared, &mut state, &user_id, rotates);
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The Kamereon token calls carry a raw token and the JSON:API content type.
fn check_token_request(headers: &HeaderMap, q: &Params) -> Option<Response> {
    if q.get("platform").map(String::as_str) != Some("Android") {
        return Some(errors(
            StatusCode::BAD_REQUEST,
            "400",
            "Bad Request",
            Some("platform missing"),
        ));
    }
    if header(headers, CONTENT_TYPE.as_str()) != Some(JSON_API) {
        return Some(errors(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415",
            "Unsupported Media Type",
            None,
        ));
    }
    let raw = header(headers, AUTHORIZATION.as_str()).unwrap_or_default();
    if raw.is_empty() || raw.to_ascii_lowercase().starts_with("bearer ") {
        return Some(unauthorized());
    }
    None
}

fn issue(
    shared: &Shared,
    state: &mut super::state::State,
    user_id: &str,
    with_refresh: bool,
) -> Value {
    let lifetime = shared.settings().access_lifetime;
    let access = state.id("kamereon-access");
    let grant = Grant {
        user_id: user_id.to_owned(),
        expires_at: shared.now() + lifetime,
    };
    state.access_tokens.insert(access.clone(), grant);
    let mut body = json!({
        "access_token": access,
        "id_token": state.id("kamereon-id"),
        "token_type": "Bearer",
        "expires_in": lifetime.whole_seconds(),
    });
    if with_refresh {
        let refresh = state.id("kamereon-refresh");
        state
            .refresh_tokens
            .insert(refresh.clone(), user_id.to_owned());
        body["refresh_token"] = refresh.into();
    }
    body
}

fn has_cookie(headers: &HeaderMap, value: &str) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim() == format!("{SESSION_COOKIE}={value}"))
}

fn page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>")
}
