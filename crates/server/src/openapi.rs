//! The OpenAPI document, served at `/openapi.json`. A test holds it to the route table.

use axum::Json;
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

use crate::http::{
    accounts, alert_settings, auth_keys, commands, drivers, events, health, me, nissanconnect,
    personal, sandbox, sandbox_cars, sessions, status, stolen, vehicles, zones,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Keyfob connected-services API",
        description = "Accounts, the manufacturer vehicle database, vehicle linking and activation, drivers and subscriptions. Errors are `{code, message}` with stable codes."
    ),
    paths(
        health::health,
        serve,
        accounts::register,
        accounts::confirm_email,
        accounts::resend_confirmation,
        accounts::forgot_password,
        accounts::reset_password,
        sessions::login,
        sessions::refresh,
        sessions::logout,
        sessions::logout_everywhere,
        me::me,
        me::update_profile,
        me::delete_account,
        me::change_password,
        me::verify_password_again,
        me::set_pin,
        me::remove_pin,
        me::verify_pin,
        nissanconnect::get,
        nissanconnect::connect,
        nissanconnect::disconnect,
        nissanconnect::link,
        personal::session,
        vehicles::lookup,
        vehicles::list,
        vehicles::link,
        vehicles::get,
        vehicles::entitlements,
        vehicles::remove,
        vehicles::restart_activation,
        vehicles::purchase_premium,
        stolen::report_stolen,
        stolen::withdraw_stolen_report,
        drivers::received,
        drivers::accept,
        drivers::decline,
        drivers::list,
        drivers::leave,
        drivers::invite,
        zones::list,
        zones::create,
        zones::update,
        zones::delete,
        zones::alerts,
        alert_settings::get,
        alert_settings::put,
        auth_keys::create,
        auth_keys::list,
        auth_keys::enter_key,
        auth_keys::enter_code,
        auth_keys::dealer_unlock,
        drivers::remove,
        drivers::cancel_invitation,
        status::get,
        status::health,
        status::health_history,
        status::refresh,
        commands::list,
        commands::send,
        commands::get,
        events::stream,
        sandbox::outbox,
        sandbox::head_unit,
        sandbox::confirm,
        sandbox_cars::get,
        sandbox_cars::control,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(get, path = "/openapi.json", tag = "meta", responses((status = 200, description = "The OpenAPI document")))]
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
