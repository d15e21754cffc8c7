//! `bluelamp bench profiles`: the profile of a vehicle and of a place,
//! each with N linked records, read through the real HTTP API as an
//! investigator with a reason (every record shown audited): p50/p95/p99
//! of the profile as it opens (its newest page of records), and of the
//! whole timeline read page by page as a script or export reads it.
//! The records are crimes recorded at the place's address with the
//! vehicle named by its plate, as a control room records them.

use std::time::Instant;

use chrono::{Duration as Days, TimeZone, Utc};
use clap::Args;
use serde_json::json;

use super::loopback::Loopback;
use super::stats::percentiles;
use crate::api::timeline_page::TIMELINE_PAGE_MAX;
use crate::domain::event::{EventInput, EventKind};
use crate::domain::location::Address;
use crate::domain::object::bare_vehicle;
use crate::domain::place::PlaceDetails;
use crate::domain::role::Role;
use crate::server::{AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct ProfileBenchArgs {
    /// Records linked to the vehicle and to the place.
    #[arg(long, default_value_t = 1_000)]
    pub events: usize,
    /// Reads of each profile.
    #[arg(long, default_value_t = 200)]
    pub reads: usize,
}

const VRM: &str = "LB07SEO";
const REASON: &str = "benchmark: the profile of a vehicle and a place";

pub async fn run(args: ProfileBenchArgs) -> anyhow::Result<()> {
    let path = std::env::temp_dir().join(format!("bluelamp-bench-profiles-{}.db", std::process::id()));
    let result = measure(&args, &path).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    result
}

async fn measure(args: &ProfileBenchArgs, path: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::open(&DatabaseUrl::sqlite(path)).await?;
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    // The control room records the crimes; the investigator reads.
    let server = Loopback::start_as(&state, &store, &[Role::Investigator, Role::ControlRoom]).await?;
    let client = &server.client;

    let address = Address {
        lines: vec!["40 Acre Lane".into()],
        postcode: "SW2 5SG".into(),
        borough: Some("Lambeth".into()),
        lat: None,
        lon: None,
    };
    let place = client.record_place(&PlaceDetails { address: address.clone(), warnings: Vec::new() }).await?;
    let vehicle = client.create_object(&bare_vehicle(VRM.into())).await?;
    let started = Instant::now();
    let first = Utc.with_ymd_and_hms(2024, 1, 1, 22, 0, 0).single().unwrap_or_else(Utc::now);
    for n in 0..args.events {
        let crime: EventInput = serde_json::from_value(json!({
            "occurred_at": first + Days::hours(n as i64 * 7),
            "borough": "Lambeth",
            "summary": format!("Car seen leaving after a break-in ({n})"),
            "details": {"kind": "crime", "offence": "Burglary dwelling", "status": "open",
                        "location": {"lines": address.lines, "postcode": address.postcode}},
            "objects": [{"kind": "vehicle", "vrm": VRM, "role": "vehicle_used"}],
        }))?;
        client.create_event(EventKind::Crime, &crime, None).await?;
    }
    let recorded = started.elapsed();

    let mut rows = Vec::new();
    let (mut of_vehicle, mut of_place) = (Vec::new(), Vec::new());
    let (mut vehicle_shown, mut place_shown) = (String::new(), String::new());
    for _ in 0..args.reads {
        let t = Instant::now();
        let p = client.object_profile(&vehicle.id, REASON).await?;
        of_vehicle.push(t.elapsed());
        vehicle_shown = format!("{} of {}", p.timeline.len(), p.timeline_total);
        let t = Instant::now();
        let p = client.place_profile(&place.id, REASON).await?;
        of_place.push(t.elapsed());
        place_shown = format!("{} of {}", p.timeline.len(), p.timeline_total);
    }
    rows.push(("vehicle, as it opens", vehicle_shown, of_vehicle));
    rows.push(("place, as it opens", place_shown, of_place));

    // Every page, as `query vehicle --reason` reads it: fewer reads, each
    // several requests.
    let (mut of_vehicle, mut of_place) = (Vec::new(), Vec::new());
    let (mut vehicle_all, mut place_all) = (0, 0);
    for _ in 0..(args.reads / 10).max(5) {
        let t = Instant::now();
        vehicle_all = client.object_profile_whole(&vehicle.id, REASON, TIMELINE_PAGE_MAX).await?.timeline.len();
        of_vehicle.push(t.elapsed());
        let t = Instant::now();
        place_all = client.place_profile_whole(&place.id, REASON, TIMELINE_PAGE_MAX).await?.timeline.len();
        of_place.push(t.elapsed());
    }
    rows.push(("vehicle, every page", vehicle_all.to_string(), of_vehicle));
    rows.push(("place, every page", place_all.to_string(), of_place));
    server.stop().await;

    println!("{} crimes recorded at the place naming the vehicle in {:.1} s", args.events, recorded.as_secs_f64());
    super::stats::print_load();
    println!("{:<24} {:>12}  latency over HTTP, one client", "profile", "records");
    for (what, records, mut took) in rows {
        let reads = took.len();
        let p = percentiles(&mut took).map_or("-".into(), |p| p.to_string());
        println!("{what:<24} {records:>12}  {p} ({reads} reads)");
    }
    Ok(())
}
