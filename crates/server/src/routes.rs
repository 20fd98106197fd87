//! The route table: every API route with the access it requires. The router is built from it
//! and each route's access is enforced here, before its handler runs; the OpenAPI and
//! authorisation tests walk the same table, so a new route cannot escape any of them.

use std::collections::HashMap;

use axum::{
    extract::{Path, Request, State},
    handler::Handler,
    http::Method,
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{on, MethodFilter, MethodRouter},
    RequestExt, Router,
};

use crate::{
    auth::{self, Member},
    error::ServerResult,
    http::{
        self, accounts, alert_settings, auth_keys, commands, drivers, events, health, me,
        nissanconnect, personal, sandbox, sandbox_cars, sessions, status, stolen, vehicles, zones,
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
    /// Anyone, and only when the server runs in the app's personal mode (whose launch secret
    /// makes "anyone" the app that started it).
    Personal,
    /// A signed-in account.
    Account,
    /// The owner or a driver of the vehicle in `{id}`, its link in a state `LinkNeed` allows.
    Member(LinkNeed),
    /// The owner of the vehicle in `{id}`, its link in a state `LinkNeed` allows.
    Owner(LinkNeed),
}

/// The states of a car's link a route works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkNeed {
    /// Any state: pending, confirming, active, expired, reported stolen. What the car is, how
    /// its activation goes, who may use it, removing it.
    Any,
    /// Confirmed in the car and synchronised, reported stolen or not: the car's data, so an
    /// owner can still follow a stolen car for the police.
    Active,
    /// Active and not reported stolen: what acts on the car or hands out access to it.
    ActiveNotStolen,
}

impl Access {
    /// Whether the route names a car the caller must be linked to.
    pub fn link_need(self) -> Option<LinkNeed> {
        match self {
            Access::Member(need) | Access::Owner(need) => Some(need),
            _ => None,
        }
    }
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
    use LinkNeed::*;
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
        route(M::PUT, "/v1/me/pin", Account, me::set_pin),
        route(M::DELETE, "/v1/me/pin", Account, me::remove_pin),
        route(M::POST, "/v1/me/pin/verify", Account, me::verify_pin),
        route(M::GET, "/v1/me/nissanconnect", Account, nissanconnect::get),
        route(
            M::PUT,
            "/v1/me/nissanconnect",
            Account,
            nissanconnect::connect,
        ),
        route(
            M::DELETE,
            "/v1/me/nissanconnect",
            Account,
            nissanconnect::disconnect,
        ),
        route(
            M::POST,
            "/v1/me/nissanconnect/cars/{vin}/link",
            Account,
            nissanconnect::link,
        ),
        route(M::POST, "/v1/personal/session", Personal, personal::session),
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
        route(M::GET, "/v1/vehicles/{id}", Member(Any), vehicles::get),
        route(
            M::GET,
            "/v1/vehicles/{id}/entitlements",
            Member(Any),
            vehicles::entitlements,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/drivers",
            Member(Any),
            drivers::list,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/membership",
            Member(Any),
            drivers::leave,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/status",
            Member(Active),
            status::get,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/health",
            Member(Active),
            status::health,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/health/history",
            Member(Active),
            status::health_history,
        ),
        // Wakes the car for a fresh position: allowed while stolen, for the police.
        route(
            M::POST,
            "/v1/vehicles/{id}/status/refresh",
            Member(Active),
            status::refresh,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/commands",
            Member(Active),
            commands::list,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/commands",
            Member(ActiveNotStolen),
            commands::send,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/commands/{command_id}",
            Member(Active),
            commands::get,
        ),
        route(M::DELETE, "/v1/vehicles/{id}", Owner(Any), vehicles::remove),
        route(
            M::POST,
            "/v1/vehicles/{id}/activation",
            Owner(Any),
            vehicles::restart_activation,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/subscription/premium",
            Owner(Any),
            vehicles::purchase_premium,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/stolen",
            Owner(Active),
            stolen::report_stolen,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/stolen",
            Owner(Active),
            stolen::withdraw_stolen_report,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/drivers",
            Owner(ActiveNotStolen),
            drivers::invite,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/auth-keys",
            Owner(Active),
            auth_keys::list,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/auth-keys",
            Owner(ActiveNotStolen),
            auth_keys::create,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/zones",
            Owner(Active),
            zones::list,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/alerts",
            Owner(Active),
            zones::alerts,
        ),
        route(
            M::GET,
            "/v1/vehicles/{id}/alert-settings",
            Owner(Active),
            alert_settings::get,
        ),
        route(
            M::PUT,
            "/v1/vehicles/{id}/alert-settings",
            Owner(Active),
            alert_settings::put,
        ),
        route(
            M::POST,
            "/v1/vehicles/{id}/zones",
            Owner(Active),
            zones::create,
        ),
        route(
            M::PUT,
            "/v1/vehicles/{id}/zones/{zone_id}",
            Owner(Active),
            zones::update,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/zones/{zone_id}",
            Owner(Active),
            zones::delete,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/drivers/{account_id}",
            Owner(Any),
            drivers::remove,
        ),
        route(
            M::DELETE,
            "/v1/vehicles/{id}/invitations/{invitation_id}",
            Owner(Any),
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

/// The router of every route in the table, each behind the check of its access, with JSON
/// answers for unknown routes and methods.
pub fn router(state: AppState) -> Router<AppState> {
    let mut router = Router::new();
    for Route { spec, handler } in table() {
        let access = spec.access;
        let guarded = handler.route_layer(middleware::from_fn_with_state(
            state.clone(),
            move |state: State<AppState>, request: Request, next: Next| {
                authorise(state, access, request, next)
            },
        ));
        // Routes sharing a path merge their methods.
        router = router.route(spec.path, guarded);
    }
    router
        .method_not_allowed_fallback(http::method_not_allowed)
        .fallback(http::route_not_found)
}

async fn authorise(
    State(state): State<AppState>,
    access: Access,
    mut request: Request,
    next: Next,
) -> Response {
    match admit(&state, access, &mut request).await {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

/// Checks the caller against the route's access, and leaves what it established (the caller,
/// their link to the car) in the request for the handler's extractors.
async fn admit(state: &AppState, access: Access, request: &mut Request) -> ServerResult<()> {
    match access {
        Access::Public => Ok(()),
        Access::Sandbox => http::sandbox::require_sandbox(state),
        Access::Personal => http::personal::require_personal(state),
        Access::Account => {
            let caller = auth::authenticate(state, request.headers()).await?;
            request.extensions_mut().insert(caller);
            Ok(())
        }
        Access::Member(need) | Access::Owner(need) => {
            let caller = auth::authenticate(state, request.headers()).await?;
            let vehicle_id = request
                .extract_parts::<Path<HashMap<String, String>>>()
                .await
                .ok()
                .and_then(|Path(params)| params.get("id").cloned())
                .ok_or_else(auth::vehicle_not_found)?;
            let member = auth::member_of(state, caller, &vehicle_id).await?;
            if matches!(access, Access::Owner(_)) {
                auth::require_owner(&member)?;
            }
            auth::require_link_state(&member, need, state.now())?;
            request.extensions_mut().insert(member.caller.clone());
            request.extensions_mut().insert::<Member>(member);
            Ok(())
        }
    }
}
