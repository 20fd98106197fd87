//! The route table: every API route with the access it requires. The router is built from it,
//! and the OpenAPI and authorisation tests walk it, so a new route cannot escape either.

use axum::{
    handler::Handler,
    http::Method,
    routing::{on, MethodFilter, MethodRouter},
    Router,
};

use crate::{
    http::{
        self, accounts, alert_settings, auth_keys, commands, drivers, events, health, me, sandbox,
        sandbox_cars, sessions, status, vehicles, zones,
    },
    openapi,
    state::AppState,
};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Anyone, and only when the server runs as the sandbox.
    Sandbox,
    /// A signed-in account.
    Account,
    /// The owner or a driver of the vehicle in `{id}`.
    Member,
    /// The owner of the vehicle in `{id}`.
    Owner,
}

#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(method: Method, path: &'static str, access: Access, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    Route {
        spec: RouteSpec {
            method,
            path,
            access,
        },
        handler: on(filter, handler),
    }
}

fn table() -> Vec<Route> {
    use Access::*;
    use Method as M;
    vec![
        route(M::GET, "/health", Public, health::health),
        route(M::GET, "/openapi.json", Public, openapi::serve),
        route(M::POST, "/v1/accounts", Public, accounts::register),
        route(
            M::POST,
            "/v1/accounts/confirm-email",
            Public,
            accounts::confirm_email,
        ),
        route(
            M::POST,
            "/v1/accounts/resend-confirmation",
            Public,
            accounts::resend_confirmation,
        ),
        route(
            M::POST,
            "/v1/accounts/forgot-password",
            Public,
            accounts::forgot_password,
        ),
        route(
            M::POST,
            "/v1/accounts/reset-password",
            Public,
            accounts::reset_password,
        ),
        route(M::POST, "/v1/sessions", Public, sessions::login),
        route(M::POST, "/v1/sessions/refresh", Public, sessions::refresh),
        route(M::DELETE, "/v1/sessions/current", Account, sessions::logout),
        route(
            M::DELETE,
            "/v1/sessions",
            Account,
            sessions::logout_everywhere,
        ),
        route(M::GET, "/v1/me", Account, me::me),
        route(M::PATCH, "/v1/me", Account, me::update_profile),
        route(M::DELETE, "/v1/me", Account, me::delete_account),
        route(M::POST, "/v1/me/password", Account, me::change_password),
        route(
            M::POST,
            "/v1/me/password/verify",
            Account,
            me::verify_password_again,
        ),
        route(M::POST, "/v1/vehicles/lookup", Account, vehicles::lookup),
        route(M::GET, "/v1/vehicles", Account, vehicles::list),
        route(M::POST, "/v1/vehicles", Account, vehicles::link),
        route(M::GET, "/v1/invitations", Account, drivers::received),
        route(M::GET, "/v1/events", Account, events::stream),
        route(
            M::POST,
            "/v1/invitations/{invitation_id}/accept",
            Account,
            drivers::accept,
        ),
        route(
            M::DELETE,
            "/v1/invitations/{invitation_id}",
            Account,
            drivers::decline,
        ),
        route(M::GET, "/v1/vehicles/{id}", Member, vehicles::get),
        route(
            M::GET,
            "/v1/vehicles/{id}/entitlements",
            Member,
            vehicles::entitlements,
        ),
        route(M::GET, "/v1/vehicles/{id}/drivers", Member, drivers::list),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/membership",
            Member,
            drivers::leave,
        ),
        route(M::GET, "/v1/vehicles/{id}/status", Member, status::get),
        route(M::GET, "/v1/vehicles/{id}/health", Member, status::health),
        route(
            M::GET,
            "/v1/vehicles/{id}/health/history",
            Member,
            status::health_history,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/status/refresh",
            Member,
            status::refresh,
        ),
        route(M::GET, "/v1/vehicles/{id}/commands", Member, commands::list),
        route(
            M::POST,
            "/v1/vehicles/{id}/commands",
            Member,
            commands::send,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/commands/{command_id}",
            Member,
            commands::get,
        ),
        route(M::DELETE, "/v1/vehicles/{id}", Owner, vehicles::remove),
        route(
            M::POST,
            "/v1/vehicles/{id}/activation",
            Owner,
            vehicles::restart_activation,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/subscription/premium",
            Owner,
            vehicles::purchase_premium,
        ),
        route(M::POST, "/v1/vehicles/{id}/drivers", Owner, drivers::invite),
        route(
            M::GET,
            "/v1/vehicles/{id}/auth-keys",
            Owner,
            auth_keys::list,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/auth-keys",
            Owner,
            auth_keys::create,
        ),
        route(M::GET, "/v1/vehicles/{id}/zones", Owner, zones::list),
        route(M::GET, "/v1/vehicles/{id}/alerts", Owner, zones::alerts),
        route(
            M::GET,
            "/v1/vehicles/{id}/alert-settings",
            Owner,
            alert_settings::get,
        ),
        route(
            M::PUT,
            "/v1/vehicles/{id}/alert-settings",
            Owner,
            alert_settings::put,
        ),
        route(M::POST, "/v1/vehicles/{id}/zones", Owner, zones::create),
        route(
            M::PUT,
            "/v1/vehicles/{id}/zones/{zone_id}",
            Owner,
            zones::update,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/zones/{zone_id}",
            Owner,
            zones::delete,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/drivers/{account_id}",
            Owner,
            drivers::remove,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/invitations/{invitation_id}",
            Owner,
            drivers::cancel_invitation,
        ),
        route(M::GET, "/v1/sandbox/outbox", Sandbox, sandbox::outbox),
        route(M::GET, "/v1/sandbox/cars/{vin}", Sandbox, sandbox_cars::get),
        route(
            M::POST,
            "/v1/sandbox/cars/{vin}/control",
            Sandbox,
            sandbox_cars::control,
        ),
        route(
            M::GET,
            "/v1/sandbox/head-unit/{vin}",
            Sandbox,
            sandbox::head_unit,
        ),
        route(
            M::POST,
            "/v1/sandbox/head-unit/{vin}/confirm",
            Sandbox,
            sandbox::confirm,
        ),
        route(
            M::POST,
            "/v1/sandbox/head-unit/{vin}/key",
            Sandbox,
            auth_keys::enter_key,
        ),
        route(
            M::POST,
            "/v1/sandbox/head-unit/{vin}/sms-code",
            Sandbox,
            auth_keys::enter_code,
        ),
        route(
            M::POST,
            "/v1/sandbox/service/{vin}/unlock-head-unit",
            Sandbox,
            auth_keys::dealer_unlock,
        ),
    ]
}

/// Every route's method, path and access, in table order.
pub fn route_specs() -> Vec<RouteSpec> {
    table().into_iter().map(|route| route.spec).collect()
}

/// The router of every route in the table, with JSON answers for unknown routes and methods.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for Route { spec, handler } in table() {
        // Routes sharing a path merge their methods.
        router = router.route(spec.path, handler);
    }
    router
        .method_not_allowed_fallback(http::method_not_allowed)
        .fallback(http::route_not_found)
}
