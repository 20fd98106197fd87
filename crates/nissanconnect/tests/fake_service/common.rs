//! A fake with one account and the four car profiles, and a client sharing its clock.

use std::time::Duration;

use keyfob_nissanconnect::fake::{FakeCar, FakeNissan};
use keyfob_nissanconnect::{Car, Config, ManualClock, NissanConnect, Session};
use time::macros::datetime;
use time::OffsetDateTime;

/// "Now" in every test; nothing depends on the day the tests run.
pub const T0: OffsetDateTime = datetime!(2031-03-14 09:30:00 UTC);
/// When the cars last reported.
pub const UPDATED: OffsetDateTime = datetime!(2031-03-14 09:20:00 UTC);

pub const EMAIL: &str = "driver@example.com";
pub const PASSWORD: &str = "Sw0rdf1sh-unique-Pa55";

pub const LEAF: &str = "SJNFAAZE0U6000001";
pub const ARIYA: &str = "SJNTAAFE0U6000002";
pub const MICRA: &str = "VNVMICRA0U6000003";
pub const QASHQAI: &str = "SJNFAAJ11U6000004";

pub struct World {
    pub fake: FakeNissan,
    pub clock: ManualClock,
    pub client: NissanConnect,
}

pub async fn world() -> World {
    world_with_timeouts(Duration::from_secs(10), Duration::from_secs(10)).await
}

pub async fn world_with_timeouts(sign_in: Duration, api: Duration) -> World {
    let clock = ManualClock::new(T0);
    let fake = FakeNissan::start_with_clock(clock.clone())
        .await
        .expect("the fake starts");
    fake.add_account(
        EMAIL,
        PASSWORD,
        vec![
            FakeCar::leaf(LEAF, UPDATED),
            FakeCar::ariya(ARIYA, UPDATED),
            FakeCar::micra(MICRA, UPDATED),
            FakeCar::qashqai(QASHQAI, UPDATED),
        ],
    );
    let client = client_for(&fake, &clock, sign_in, api);
    World {
        fake,
        clock,
        client,
    }
}

pub fn client_for(
    fake: &FakeNissan,
    clock: &ManualClock,
    sign_in: Duration,
    api: Duration,
) -> NissanConnect {
    let config = Config {
        sign_in_timeout: sign_in,
        api_timeout: api,
        clock: clock.clone().into(),
        ..Config::default()
    };
    NissanConnect::with_config(fake.endpoints(), config).expect("the client builds")
}

impl World {
    pub async fn session(&self) -> Session {
        let tokens = self
            .client
            .sign_in(EMAIL, PASSWORD)
            .await
            .expect("sign-in succeeds");
        self.fake.clear_requests();
        Session::new(self.client.clone(), tokens)
    }
}

pub async fn car(session: &Session, vin: &str) -> Car {
    let user_id = session.user_id().await.expect("user id");
    session
        .cars(&user_id)
        .await
        .expect("cars")
        .into_iter()
        .find(|c| c.vin == vin)
        .expect("the car is listed")
}
