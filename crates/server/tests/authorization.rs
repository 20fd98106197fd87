//! The authorisation matrix: every route of the route table, called by every kind of caller
//! (owner, driver, another account, no token, an expired token, a revoked one) on a car in
//! every state of its link (pending, confirming, active, expired, reported stolen, removed),
//! and the event stream for each of them. A route added to the table is checked without
//! anyone editing this file: what it expects comes from the route's declared access.

mod common;

use std::time::Duration;

use common::{body_proof, car, TestServer, PASSWORD};
use keyfob_client::Client;
use keyfob_core::{
    account::Region,
    api::{
        command::LiveEvent,
        sandbox::{CarControl, Opening},
        vehicle::LinkVehicleRequest,
    },
};
use keyfob_server::{
    fleet::FleetVehicle,
    routes::{route_specs, Access, LinkNeed, RouteSpec},
};
use reqwest::Method;
use serde_json::json;

/// The codes that mean "you may not": the matrix expects exactly one of them, or none.
const REFUSALS: [&str; 8] = [
    "unauthenticated",
    "token_expired",
    "session_revoked",
    "session_expired",
    "vehicle_not_found",
    "owner_only",
    "vehicle_not_active",
    "vehicle_reported_stolen",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkState {
    Pending,
    Confirming,
    Active,
    Expired,
    Stolen,
    Removed,
}

const STATES: [LinkState; 6] = [
    LinkState::Pending,
    LinkState::Confirming,
    LinkState::Active,
    LinkState::Stolen,
    LinkState::Removed,
    // Last: the owner's restart of an expired activation turns it pending, which every route
    // answers alike.
    LinkState::Expired,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    Owner,
    /// A secondary driver: of the active car, and the former driver of the stolen one (a stolen
    /// report removes drivers). Invitations need an active car, so no other state has one.
    Driver,
    Other,
    Anonymous,
    ExpiredToken,
    RevokedToken,
}

const IDENTITIES: [Identity; 6] = [
    Identity::Owner,
    Identity::Driver,
    Identity::Other,
    Identity::Anonymous,
    Identity::ExpiredToken,
    Identity::RevokedToken,
];

/// What a call must get: this refusal, or no refusal at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Refused(u16, &'static str),
    Allowed,
}

/// The rule, written once from the declared access: who is refused what, in which state.
fn expected(access: Access, identity: Identity, state: LinkState) -> Expect {
    use Expect::*;
    match identity {
        Identity::Anonymous => return Refused(401, "unauthenticated"),
        Identity::ExpiredToken => return Refused(401, "token_expired"),
        Identity::RevokedToken => return Refused(401, "session_revoked"),
        Identity::Other => return Refused(404, "vehicle_not_found"),
        Identity::Owner | Identity::Driver => {}
    }
    let Some(need) = access.link_need() else {
        unreachable!("only vehicle routes are called per state")
    };
    let linked = match (identity, state) {
        (_, LinkState::Removed) => false,
        // Only the active car has a driver: a stolen report took its driver off, and the other
        // states never had one.
        (Identity::Driver, state) => state == LinkState::Active,
        (Identity::Owner, _) => true,
        _ => unreachable!(),
    };
    if !linked {
        return Refused(404, "vehicle_not_found");
    }
    if identity == Identity::Driver && matches!(access, Access::Owner(_)) {
        return Refused(403, "owner_only");
    }
    let active = matches!(state, LinkState::Active | LinkState::Stolen);
    match need {
        LinkNeed::Any => Allowed,
        _ if !active => Refused(409, "vehicle_not_active"),
        LinkNeed::ActiveNotStolen if state == LinkState::Stolen => {
            Refused(403, "vehicle_reported_stolen")
        }
        LinkNeed::Active | LinkNeed::ActiveNotStolen => Allowed,
    }
}

/// One car in one state, with the people around it.
struct StateCar {
    state: LinkState,
    target: &'static FleetVehicle,
    vehicle_id: String,
    owner: Client,
    owner_email: String,
    /// Only for the active and the stolen car.
    driver: Option<Client>,
    driver_email: String,
}

struct Fixture {
    cars: Vec<StateCar>,
    other: Client,
    expired_token: String,
    revoked_token: String,
}

fn by_vin(vin: &str) -> &'static FleetVehicle {
    car(|c| c.vin == vin)
}

fn path_for(route: &RouteSpec, vehicle_id: &str) -> String {
    route
        .path
        .trim_start_matches('/')
        .replace("{id}", vehicle_id)
        .replace("{account_id}", "acc_not_a_driver")
        .replace("{invitation_id}", "inv_not_sent")
        .replace("{zone_id}", "zon_not_there")
        .replace("{command_id}", "cmd_not_sent")
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

async fn link(owner: &Client, target: &FleetVehicle) -> String {
    owner
        .link_vehicle(&LinkVehicleRequest {
            vin: target.vin.into(),
            proof: body_proof(target),
        })
        .await
        .expect("link")
        .id
}

async fn add_driver(server: &TestServer, owner: &Client, vehicle_id: &str, email: &str) -> Client {
    let driver = server.signed_in(email, Region::Eu).await;
    owner
        .invite_driver(vehicle_id, email)
        .await
        .expect("invite");
    let invitation = driver.invitations().await.expect("invitations").remove(0);
    driver
        .accept_invitation(&invitation.id)
        .await
        .expect("accept");
    driver
}

/// Six cars, one per link state, each with its own owner (and the active and stolen ones with a
/// driver), built on the test's manual clock.
async fn fixture(server: &TestServer) -> Fixture {
    let plan = [
        (LinkState::Expired, "SJNTBAJ11MU233890"),
        (LinkState::Active, "SJNTAAJ11SU512207"),
        (LinkState::Stolen, "JN1FAAFE1PT067315"),
        (LinkState::Removed, "SJNFAAZE4KU154377"),
        (LinkState::Pending, "VSKCAND2XKB275108"),
        (LinkState::Confirming, "SJNFBAF11SU530418"),
    ];
    let mut owners = Vec::new();
    for (state, vin) in plan {
        let target = by_vin(vin);
        let email = format!("owner.{state:?}@example.com").to_lowercase();
        owners.push((
            state,
            target,
            email.clone(),
            server.signed_in(&email, target.market).await,
        ));
    }
    let mut ids = Vec::new();
    // The expired link and the three that become active start a day ago.
    for (state, target, _, owner) in &owners[..4] {
        let id = link(owner, target).await;
        if *state != LinkState::Expired {
            server
                .client()
                .head_unit_confirm(target.vin)
                .await
                .expect("confirm");
        }
        ids.push(id);
    }
    server.advance(25 * 60 * 60);
    for (_, target, _, owner) in &owners[4..] {
        ids.push(link(owner, target).await);
    }

    let mut cars = Vec::new();
    for ((state, target, owner_email, owner), vehicle_id) in owners.into_iter().zip(ids) {
        let driver_email = format!("driver.{state:?}@example.com").to_lowercase();
        let driver = if matches!(state, LinkState::Active | LinkState::Stolen) {
            Some(add_driver(server, &owner, &vehicle_id, &driver_email).await)
        } else {
            None
        };
        cars.push(StateCar {
            state,
            target,
            vehicle_id,
            owner,
            owner_email,
            driver,
            driver_email,
        });
    }
    for car in &cars {
        match car.state {
            LinkState::Stolen => {
                car.owner
                    .report_stolen(&car.vehicle_id, PASSWORD)
                    .await
                    .expect("report stolen");
            }
            LinkState::Removed => {
                car.owner
                    .remove_vehicle(&car.vehicle_id, PASSWORD)
                    .await
                    .expect("remove");
            }
            _ => {}
        }
    }

    let expired = server.client();
    expired
        .login(&cars[0].owner_email, PASSWORD)
        .await
        .expect("login");
    let expired_token = access_token(&expired);
    server.advance(15 * 60);
    let revoked = server.client();
    revoked
        .login(&cars[0].owner_email, PASSWORD)
        .await
        .expect("login");
    let revoked_token = access_token(&revoked);
    revoked.logout().await.expect("logout");
    // Fresh sessions for everyone whose token must still be valid.
    for car in &cars {
        car.owner
            .login(&car.owner_email, PASSWORD)
            .await
            .expect("login");
        if let Some(driver) = &car.driver {
            driver
                .login(&car.driver_email, PASSWORD)
                .await
                .expect("login");
        }
    }
    let other = server.signed_in("other@example.com", Region::Eu).await;
    // Confirmed last, on the clock that no longer moves: synchronising (1–5 minutes of car time).
    let confirming = cars
        .iter()
        .find(|c| c.state == LinkState::Confirming)
        .expect("the confirming car");
    server
        .client()
        .head_unit_confirm(confirming.target.vin)
        .await
        .expect("confirm");
    Fixture {
        cars,
        other,
        expired_token,
        revoked_token,
    }
}

fn bearer(f: &Fixture, car: &StateCar, identity: Identity) -> Option<String> {
    match identity {
        Identity::Owner => Some(access_token(&car.owner)),
        // Where no driver can exist, another account stands in (and must be refused as one).
        Identity::Driver => Some(access_token(car.driver.as_ref().unwrap_or(&f.other))),
        Identity::Other => Some(access_token(&f.other)),
        Identity::Anonymous => None,
        Identity::ExpiredToken => Some(f.expired_token.clone()),
        Identity::RevokedToken => Some(f.revoked_token.clone()),
    }
}

/// Puts the active car's driver back if a route (leaving the car) removed them.
async fn keep_driver(server: &TestServer, car: &StateCar) {
    let Some(driver) = &car.driver else { return };
    if car.state == LinkState::Active && driver.vehicle(&car.vehicle_id).await.is_err() {
        car.owner
            .invite_driver(&car.vehicle_id, &car.driver_email)
            .await
            .expect("invite");
        let invitation = driver.invitations().await.expect("invitations").remove(0);
        driver
            .accept_invitation(&invitation.id)
            .await
            .expect("accept");
        let _ = server;
    }
}

#[tokio::test]
async fn every_vehicle_route_answers_every_caller_in_every_link_state_as_declared() {
    let server = TestServer::start().await;
    let f = fixture(&server).await;
    let routes: Vec<RouteSpec> = route_specs()
        .into_iter()
        .filter(|r| r.access.link_need().is_some())
        .collect();
    assert!(routes.len() >= 25, "{} vehicle routes", routes.len());
    let mut checked = 0;
    for car in &f.cars {
        for route in &routes {
            for identity in IDENTITIES {
                let token = bearer(&f, car, identity);
                let (status, code) = call(&server, route, &car.vehicle_id, token.as_deref()).await;
                let name = format!(
                    "{} {} as {identity:?} on a {:?} car",
                    route.method, route.path, car.state
                );
                match expected(route.access, identity, car.state) {
                    Expect::Refused(want_status, want_code) => {
                        assert_eq!((status, code.as_str()), (want_status, want_code), "{name}")
                    }
                    Expect::Allowed => assert!(
                        !REFUSALS.contains(&code.as_str()),
                        "{name}: {status} {code}"
                    ),
                }
                keep_driver(&server, car).await;
                checked += 1;
            }
        }
    }
    assert_eq!(checked, routes.len() * IDENTITIES.len() * STATES.len());
}

#[tokio::test]
async fn every_other_route_enforces_its_access() {
    let server = TestServer::start().await;
    let owner = server.signed_in("owner@example.com", Region::Eu).await;
    let expired = server.client();
    expired
        .login("owner@example.com", PASSWORD)
        .await
        .expect("login");
    let expired_token = access_token(&expired);
    server.advance(15 * 60);
    let revoked = server.client();
    revoked
        .login("owner@example.com", PASSWORD)
        .await
        .expect("login");
    let revoked_token = access_token(&revoked);
    revoked.logout().await.expect("logout");
    owner
        .login("owner@example.com", PASSWORD)
        .await
        .expect("login");
    for route in route_specs() {
        let name = format!("{} {}", route.method, route.path);
        if route.path.starts_with("/v1/vehicles/{id}") {
            assert!(
                route.access.link_need().is_some(),
                "{name} names a vehicle, so it must be Member or Owner"
            );
            continue;
        }
        let (status, code) = call(&server, &route, "veh_none", None).await;
        match route.access {
            // The personal-mode route is the app's own, behind its launch secret: tested with
            // personal mode in `nissanconnect.rs`.
            Access::Public | Access::Sandbox | Access::Personal => {
                assert!(
                    !REFUSALS.contains(&code.as_str()),
                    "{name} without a token: {code}"
                );
                continue;
            }
            Access::Account => {
                assert_eq!((status, code.as_str()), (401, "unauthenticated"), "{name}")
            }
            Access::Member(_) | Access::Owner(_) => unreachable!("{name}: checked per state"),
        }
        for (token, want) in [
            (&expired_token, "token_expired"),
            (&revoked_token, "session_revoked"),
        ] {
            let (status, code) = call(&server, &route, "veh_none", Some(token)).await;
            assert_eq!((status, code.as_str()), (401, want), "{name}");
        }
    }
}

/// Someone at the car unlocks it and opens the front left door: a status event to wait for.
async fn open_a_door(server: &TestServer, vin: &str) {
    for control in [
        CarControl::Locks { locked: false },
        CarControl::Door {
            door: Opening::FrontLeft,
            open: true,
        },
    ] {
        server
            .client()
            .control_sandbox_car(vin, &control)
            .await
            .expect("someone at the car");
    }
}

/// The vehicles whose events reached `client`'s stream before the marker event on `marker`.
async fn streamed_vehicles(client: &Client, marker: &str) -> Vec<String> {
    let mut stream = client.events(None);
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let next = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("the marker event in time")
            .expect("an open stream")
            .expect("an event");
        let vehicle = next.event.vehicle_id().to_owned();
        let is_marker = matches!(&next.event, LiveEvent::Status { status, .. }
            if vehicle == marker && status.doors.value.front_left);
        seen.push(vehicle);
        if is_marker {
            return seen;
        }
    }
}

#[tokio::test]
async fn the_event_stream_carries_only_active_links_to_their_members() {
    let server = TestServer::sandbox(120.0).await;
    let f = fixture(&server).await;
    let find = |state| {
        f.cars
            .iter()
            .find(|c| c.state == state)
            .expect("a car in that state")
    };
    let (active, stolen) = (find(LinkState::Active), find(LinkState::Stolen));
    // Every car had a status stored when it was linked; open a door on the visible ones, so
    // each stream has a last event to wait for.
    for target in [active.target, stolen.target] {
        open_a_door(&server, target.vin).await;
    }
    for car in &f.cars {
        let marker = match car.state {
            LinkState::Active | LinkState::Stolen => car.vehicle_id.clone(),
            // The owner of a car that is not active sees nothing of it: wait for the active
            // car's marker on its owner's stream instead, after checking this owner's list.
            _ => continue,
        };
        let seen = streamed_vehicles(&car.owner, &marker).await;
        assert!(
            seen.iter().all(|v| v == &car.vehicle_id),
            "{:?} owner saw {seen:?}",
            car.state
        );
    }
    // The owners of pending, confirming, expired and removed links: their streams stay silent
    // while the active car's stream has long delivered its marker.
    for car in f
        .cars
        .iter()
        .filter(|c| !matches!(c.state, LinkState::Active | LinkState::Stolen))
    {
        let mut stream = car.owner.events(None);
        let got = tokio::time::timeout(Duration::from_millis(700), stream.next()).await;
        assert!(got.is_err(), "{:?} owner got {got:?}", car.state);
    }
    // The active car's driver sees it; the stolen car's former driver sees nothing, not even
    // the status reports from before the report.
    let driver = active.driver.as_ref().expect("driver");
    let seen = streamed_vehicles(driver, &active.vehicle_id).await;
    assert!(seen.iter().all(|v| v == &active.vehicle_id), "{seen:?}");
    let former = stolen.driver.as_ref().expect("driver");
    let mut stream = former.events(None);
    let got = tokio::time::timeout(Duration::from_millis(700), stream.next()).await;
    assert!(got.is_err(), "the stolen car's former driver got {got:?}");
}

#[tokio::test]
async fn an_open_stream_stops_carrying_a_car_the_moment_access_to_it_ends() {
    let server = TestServer::sandbox(120.0).await;
    let target = by_vin("SJNTAAJ11SU512207");
    let (owner, vehicle) = common::active_car(&server, "watcher@example.com", target).await;
    let driver = add_driver(&server, &owner, &vehicle, "ex.driver@example.com").await;
    let mut stream = driver.events(None);
    let door = |open| CarControl::Door {
        door: Opening::FrontLeft,
        open,
    };
    let at_the_car = |control: CarControl| {
        let client = server.client();
        async move {
            client
                .control_sandbox_car(target.vin, &control)
                .await
                .expect("someone at the car")
        }
    };
    at_the_car(CarControl::Locks { locked: false }).await;
    at_the_car(door(true)).await;
    // The driver's open stream carries the car …
    loop {
        let next = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("an event in time")
            .expect("open")
            .expect("event");
        if matches!(&next.event, LiveEvent::Status { status, .. } if status.doors.value.front_left)
        {
            break;
        }
    }
    // … until the owner takes them off it: then not one more event of it.
    owner
        .remove_driver(&vehicle, &driver.me().await.expect("me").id)
        .await
        .expect("removed");
    at_the_car(door(false)).await;
    at_the_car(CarControl::Locks { locked: true }).await;
    let after = tokio::time::timeout(Duration::from_secs(2), stream.next()).await;
    assert!(
        !matches!(after, Ok(Some(Ok(_)))),
        "an event after the driver was removed: {after:?}"
    );
}

#[tokio::test]
async fn a_stream_opened_before_a_car_is_linked_carries_it_once_active() {
    let server = TestServer::sandbox(120.0).await;
    let target = by_vin("SJNTAAJ11SU512207");
    let owner = server.signed_in("early@example.com", Region::Eu).await;
    let mut stream = owner.events(None);
    let vehicle = link(&owner, target).await;
    server
        .client()
        .head_unit_confirm(target.vin)
        .await
        .expect("confirm");
    server.advance(300);
    open_a_door(&server, target.vin).await;
    // Well before the stream's periodic re-read: the car's own events make it look again.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let next = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("the car's events in time")
            .expect("open")
            .expect("event");
        assert_eq!(next.event.vehicle_id(), vehicle);
        if matches!(&next.event, LiveEvent::Status { status, .. } if status.doors.value.front_left)
        {
            break;
        }
    }
}
