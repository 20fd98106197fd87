//! The authorisation matrix: every route of the route table, called as the owner, a secondary
//! driver, another account, without a token, with an expired token and with a revoked one.
//! A route added to the table is checked without anyone editing this file.

mod common;

use common::{body_proof, linkable_car, TestServer, PASSWORD};
use keyfob_client::Client;
use keyfob_core::{account::Region, api::vehicle::LinkVehicleRequest};
use keyfob_server::routes::{route_specs, Access, RouteSpec};
use reqwest::Method;
use serde_json::json;

/// The codes that mean "you may not": the matrix expects exactly one of them, or none.
const REFUSALS: [&str; 6] = [
    "unauthenticated",
    "token_expired",
    "session_revoked",
    "session_expired",
    "vehicle_not_found",
    "owner_only",
];

struct Fixture {
    vehicle_id: String,
    owner: Client,
    driver: Client,
    other: Client,
    expired_token: String,
    revoked_token: String,
}

fn path_for(route: &RouteSpec, vehicle_id: &str) -> String {
    route
        .path
        .trim_start_matches('/')
        .replace("{id}", vehicle_id)
        .replace("{account_id}", "acc_not_a_driver")
        .replace("{invitation_id}", "inv_not_sent")
        .replace("{zone_id}", "zon_not_there")
}

/// Calls a route as `bearer` with a body that is valid JSON but (deliberately) incomplete, so a
/// caller who gets past authorisation meets validation, never a side effect.
async fn call(
    server: &TestServer,
    route: &RouteSpec,
    vehicle_id: &str,
    bearer: Option<&str>,
) -> (u16, String) {
    let body = (route.method != Method::GET).then(|| json!({}));
    let answer = server
        .client()
        .send_raw(
            route.method.clone(),
            &path_for(route, vehicle_id),
            bearer,
            body,
        )
        .await
        .expect("an answer");
    let code = answer.body["code"].as_str().unwrap_or_default().to_owned();
    (answer.status, code)
}

fn access_token(client: &Client) -> String {
    client.session_tokens().expect("signed in").access_token
}

async fn fixture(server: &TestServer) -> Fixture {
    let owner = server.signed_in("owner@example.com", Region::Eu).await;
    let target = linkable_car(Region::Eu);
    let vehicle = owner
        .link_vehicle(&LinkVehicleRequest {
            vin: target.vin.into(),
            proof: body_proof(target),
        })
        .await
        .expect("link");
    let driver = server.signed_in("driver@example.com", Region::Eu).await;
    owner
        .invite_driver(&vehicle.id, "driver@example.com")
        .await
        .expect("invite");
    let invitation = driver.invitations().await.expect("invitations").remove(0);
    driver
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    let other = server.signed_in("other@example.com", Region::Eu).await;

    let expired = server.client();
    expired
        .login("owner@example.com", PASSWORD)
        .await
        .expect("login");
    let expired_token = access_token(&expired);
    let revoked = server.client();
    revoked
        .login("owner@example.com", PASSWORD)
        .await
        .expect("login");
    let revoked_token = access_token(&revoked);
    revoked.logout().await.expect("logout");
    server.advance(15 * 60);
    // Fresh sessions for the callers whose tokens must still be valid.
    for (client, email) in [
        (&owner, "owner@example.com"),
        (&driver, "driver@example.com"),
        (&other, "other@example.com"),
    ] {
        client.login(email, PASSWORD).await.expect("login");
    }
    Fixture {
        vehicle_id: vehicle.id,
        owner,
        driver,
        other,
        expired_token,
        revoked_token,
    }
}

/// Puts the driver back if a route (leaving the car) removed them.
async fn keep_driver(f: &Fixture) {
    if f.driver.vehicle(&f.vehicle_id).await.is_err() {
        f.owner
            .invite_driver(&f.vehicle_id, "driver@example.com")
            .await
            .expect("invite");
        let invitation = f.driver.invitations().await.expect("invitations").remove(0);
        f.driver
            .accept_invitation(&invitation.id)
            .await
            .expect("accept");
    }
}

#[tokio::test]
async fn every_route_enforces_its_access_for_every_kind_of_caller() {
    let server = TestServer::start().await;
    let f = fixture(&server).await;
    let routes = route_specs();
    assert!(
        routes
            .iter()
            .filter(|r| matches!(r.access, Access::Member | Access::Owner))
            .count()
            >= 8
    );
    let mut checked = 0;
    for route in &routes {
        let name = format!("{} {}", route.method, route.path);
        if route.path.starts_with("/v1/vehicles/{id}") {
            assert!(
                matches!(route.access, Access::Member | Access::Owner),
                "{name} names a vehicle, so it must be Member or Owner"
            );
        }
        let id = f.vehicle_id.as_str();
        let (status, code) = call(&server, route, id, None).await;
        match route.access {
            Access::Public | Access::Sandbox => {
                assert!(
                    !REFUSALS.contains(&code.as_str()),
                    "{name} without a token: {code}"
                );
                continue;
            }
            Access::Account | Access::Member | Access::Owner => {
                assert_eq!(
                    (status, code.as_str()),
                    (401, "unauthenticated"),
                    "{name} without a token"
                );
            }
        }
        let (status, code) = call(&server, route, id, Some(&f.expired_token)).await;
        assert_eq!(
            (status, code.as_str()),
            (401, "token_expired"),
            "{name} with an expired token"
        );
        let (status, code) = call(&server, route, id, Some(&f.revoked_token)).await;
        assert_eq!(
            (status, code.as_str()),
            (401, "session_revoked"),
            "{name} with a revoked token"
        );
        if route.access == Access::Account {
            checked += 1;
            continue;
        }
        let (status, code) = call(&server, route, id, Some(&access_token(&f.other))).await;
        assert_eq!(
            (status, code.as_str()),
            (404, "vehicle_not_found"),
            "{name} as another account"
        );
        let (status, code) = call(&server, route, id, Some(&access_token(&f.driver))).await;
        match route.access {
            Access::Owner => assert_eq!(
                (status, code.as_str()),
                (403, "owner_only"),
                "{name} as a driver"
            ),
            _ => assert!(
                !REFUSALS.contains(&code.as_str()),
                "{name} as a driver: {status} {code}"
            ),
        }
        keep_driver(&f).await;
        let (status, code) = call(&server, route, id, Some(&access_token(&f.owner))).await;
        assert!(
            !REFUSALS.contains(&code.as_str()),
            "{name} as the owner: {status} {code}"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        routes
            .iter()
            .filter(|r| !matches!(r.access, Access::Public | Access::Sandbox))
            .count()
    );
}

#[tokio::test]
async fn a_known_vehicle_id_means_nothing_to_someone_without_a_link() {
    let server = TestServer::start().await;
    let f = fixture(&server).await;
    // Another account gets the same answer for a real car as for an id that does not exist.
    let real = f.other.vehicle(&f.vehicle_id).await;
    let made_up = f.other.vehicle("veh_00000000000000000000").await;
    let (real, made_up) = (real.expect_err("hidden"), made_up.expect_err("unknown"));
    assert_eq!(real.api_error(), made_up.api_error());
}

#[tokio::test]
async fn a_stand_alone_server_has_no_sandbox_routes() {
    let server = TestServer::server_mode().await;
    let vin = linkable_car(Region::Eu).vin;
    let sandbox_routes: Vec<_> = route_specs()
        .into_iter()
        .filter(|r| r.access == Access::Sandbox)
        .collect();
    assert!(
        sandbox_routes.len() >= 5,
        "mailbox, head unit, simulated cars"
    );
    for route in &sandbox_routes {
        let path = path_for(route, "veh_none").replace("{vin}", vin);
        let path = if path.ends_with("outbox") {
            format!("{path}?to=demo@sandbox.keyfob.test")
        } else {
            path
        };
        // An incomplete body: the refusal must come from the mode, before any validation.
        let body = (route.method != Method::GET).then(|| json!({}));
        let answer = server
            .client()
            .send_raw(route.method.clone(), &path, None, body)
            .await
            .expect("an answer");
        assert_eq!(
            (
                answer.status,
                answer.body["code"].as_str().unwrap_or_default()
            ),
            (404, "sandbox_only"),
            "{} {}",
            route.method,
            route.path
        );
    }
}
