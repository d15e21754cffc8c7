//! An event file's address and VRM columns, on both backends: the event a
//! row makes links to the place already at that address however it is
//! written, and to the vehicle already carrying that mark, or makes them,
//! each link with its part and the row's source and reference, on the
//! change log; a bad postcode or mark is a finding and the row is imported
//! without it; `--strict` stops at it.

use crate::common;

use std::path::Path;

use crate::import::import;
use bluelamp::domain::kind_set::KindSet;
use bluelamp::domain::location::Address;
use bluelamp::domain::object::bare_vehicle;
use bluelamp::domain::object_link::ObjectRole;
use bluelamp::domain::object_marker::ObjectMarkerKind;
use bluelamp::domain::place::PlaceDetails;
use bluelamp::domain::place_link::PlaceRole;
use bluelamp::domain::role::Role;
use bluelamp::import::ImportOptions;
use bluelamp::seed::legacy;
use bluelamp::store::{Actor, Store};
use common::{Backend, TestDb, TestServer};

both_backends!(
    an_imported_event_links_to_the_place_and_vehicle_on_record_or_makes_them,
    each_row_gives_its_vehicle_its_own_part_and_stolen_cars_come_in_stolen,
);

const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/mappings");

const MAPPING: &str = r#"
reference = ["CRIME_NO", "CUSTODY_NO"]
[event]
kind = "crime"
reference = "CRIME_NO"
occurred_at = { column = "AT", format = "%Y-%m-%d %H:%M" }
summary = "OFFENCE"
[event.nominal]
column = "CUSTODY_NO"
source = "custody"
role = { value = "victim" }
[event.details]
offence = "OFFENCE"
status = { value = "open" }
[event.address]
lines = ["STREET", "TOWN"]
postcode = "POSTCODE"
[[event.vehicles]]
column = "VRM"
role = "stolen_vehicle"
"#;

fn options(source: &str, strict: bool) -> ImportOptions {
    ImportOptions { strict, ..crate::import::options(source) }
}

async fn an_imported_event_links_to_the_place_and_vehicle_on_record_or_makes_them(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else { return };
    let store = Store::open(&db.url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let nominals = dir.path().join("custody.csv");
    std::fs::write(
        &nominals,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Okafor,Ada,,02/01/1980,F,1 High St,,,E1 6AN,,,\n",
    )
    .unwrap();
    import(&store, &nominals, &Path::new(MAPPINGS).join("custody.toml"), &options("custody", false)).await.unwrap();
    // A place and a vehicle already on record.
    let actor = Actor::new("pc.adams", "recorded by hand");
    let address = Address {
        lines: vec!["12 Acacia Avenue".into()],
        postcode: "SW2 1AA".into(),
        borough: None,
        lat: None,
        lon: None,
    };
    let (home, _) = store.record_place(&actor, PlaceDetails { address, warnings: Vec::new() }).await.unwrap();
    let car = store.create_object(&actor, bare_vehicle("LB07SEO".into())).await.unwrap();
    let seq = store.changes_since(0, 100_000).await.unwrap().last().map_or(0, |c| c.seq);

    let mapping = dir.path().join("crimes.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let file = dir.path().join("crimes.csv");
    std::fs::write(
        &file,
        "CRIME_NO,CUSTODY_NO,AT,OFFENCE,STREET,TOWN,POSTCODE,VRM\n\
         CR/1,C1,2025-06-01 22:15,Theft of a motor vehicle,12 ACACIA AVE,Brixton,sw21aa,lb07 seo\n\
         CR/2,C1,2025-07-01 09:00,Theft of a motor vehicle,3 Mill Lane,,SE1 7PB,YX19 ABC\n\
         CR/3,C1,2025-08-01 09:00,Theft of a motor vehicle,9 Low Road,,ZZ,not a plate!\n\
         CR/4,C1,2025-09-01 09:00,Burglary,,,,\n",
    )
    .unwrap();
    let report = import(&store, &file, &mapping, &options("crimes", false)).await.unwrap();
    assert_eq!((report.imported, report.events, report.rejected, report.with_findings), (4, 4, 0, 1), "{report:?}");
    let events = store.events_for_person(&store.import_row("custody", "C1").await.unwrap().person_id).await.unwrap();
    let crime = |reference: &str| events.iter().find(|(e, _)| e.reference == reference).unwrap().0.id.clone();

    // Written another way, the place on record; the vehicle on record, now stolen.
    let places = store.places_of_event(&crime("CR/1")).await.unwrap();
    assert_eq!(
        places.iter().map(|(p, r)| (p.id.as_str(), *r)).collect::<Vec<_>>(),
        [(home.id.as_str(), PlaceRole::CrimeScene)]
    );
    let objects = store.objects_of_event(&crime("CR/1")).await.unwrap();
    assert_eq!(
        objects.iter().map(|(o, r)| (o.id.as_str(), *r)).collect::<Vec<_>>(),
        [(car.id.as_str(), ObjectRole::StolenVehicle)]
    );
    let link = store.place_links(&home.id).await.unwrap().into_iter().find(|l| l.event.is_some()).unwrap();
    assert_eq!(
        (link.provenance.source.as_deref(), link.provenance.source_ref.as_deref()),
        (Some("crimes"), Some("CR/1/C1"))
    );
    let car_now = store.object(&car.id).await.unwrap();
    assert!(car_now.details.markers().iter().any(|m| m.source.contains("CR/1")), "{car_now:?}");

    // New ones are made.
    let places = store.places_of_event(&crime("CR/2")).await.unwrap();
    assert_eq!((places.len(), places[0].0.address.postcode.as_str()), (1, "SE1 7PB"));
    let objects = store.objects_of_event(&crime("CR/2")).await.unwrap();
    assert_eq!(objects[0].0.details.key(), "YX19ABC");

    // Bad values are findings; the rows are imported without them.
    for reference in ["CR/3", "CR/4"] {
        assert!(store.places_of_event(&crime(reference)).await.unwrap().is_empty());
        assert!(store.objects_of_event(&crime(reference)).await.unwrap().is_empty());
    }
    let findings = store.import_findings(Some("crimes"), None, 100, KindSet::ALL).await.unwrap();
    let fields: Vec<(&str, &str, bool)> =
        findings.iter().map(|f| (f.source_ref.as_str(), f.field.as_str(), f.rejected)).collect();
    assert_eq!(fields, [("CR/3/C1", "address.postcode", false), ("CR/3/C1", "vrm", false)], "{findings:?}");

    // On the change log, for the index and other servers to follow.
    let changes = store.changes_since(seq, 100_000).await.unwrap();
    assert!(changes.iter().any(|c| c.topic == "places" && c.record_id == home.id), "{changes:?}");
    assert!(changes.iter().any(|c| c.topic == "objects" && c.record_id == car.id), "{changes:?}");

    // A re-import changes nothing; under --strict the bad row stops the import.
    let again = import(&store, &file, &mapping, &options("crimes", false)).await.unwrap();
    assert_eq!((again.imported, again.skipped), (0, 4), "{again:?}");
    assert_eq!(store.import_findings(Some("crimes"), None, 100, KindSet::ALL).await.unwrap().len(), 2);
    let err = import(&store, &file, &mapping, &options("strict_crimes", true)).await.unwrap_err().to_string();
    assert!(err.contains("row 4") && err.contains("postcode"), "{err}");
}

/// The seed's crime file with the shipped mapping: each row's VRM_ROLE
/// gives its vehicle's part, so a theft of a car brings the car in stolen
/// (marked with the crime's date and reference, from the imported row) and
/// a theft from a car brings it in involved; the profile and the search box
/// say STOLEN.
async fn each_row_gives_its_vehicle_its_own_part_and_stolen_cars_come_in_stolen(backend: Backend) {
    let Some(s) = TestServer::start(backend).await else { return };
    let store = &s.state.store;
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    legacy::write_exports(&exports, 400, 24, chrono::Utc::now()).unwrap();
    for source in ["crime", "crime_reports"] {
        let mapping = Path::new(MAPPINGS).join(format!("{source}.toml"));
        let report =
            import(store, &legacy::export_path(&exports, source), &mapping, &options(source, false)).await.unwrap();
        assert_eq!(report.rejected, 0, "{source}: {report:?}");
    }
    let (mut stolen, mut involved) = (Vec::new(), 0);
    for row in store.import_events(Some("crime_reports")).await.unwrap() {
        let event = store.event(row.kind, &row.event_id).await.unwrap();
        let objects = store.objects_of_event(&event.id).await.unwrap();
        let Some((car, role)) = objects.first() else { continue };
        let source = format!("crime {}", event.reference);
        let marker = car.details.markers().iter().find(|m| m.source == source).cloned();
        if event.summary.starts_with("Theft of a motor vehicle") {
            assert_eq!(*role, ObjectRole::StolenVehicle, "{}", event.reference);
            let marker = marker.unwrap_or_else(|| panic!("{} not marked stolen: {car:?}", event.reference));
            assert_eq!(marker.kind, ObjectMarkerKind::Stolen);
            assert_eq!(marker.recorded_on, event.occurred_at.date_naive());
            assert_eq!(
                (marker.provenance.source.as_deref(), marker.provenance.source_ref.as_deref()),
                (Some("crime_reports"), Some(row.source_ref.as_str()))
            );
            stolen.push((car.id.clone(), car.details.key()));
        } else {
            assert_eq!(*role, ObjectRole::VehicleInvolved, "{}: {}", event.reference, event.summary);
            assert!(marker.is_none(), "{}: {car:?}", event.reference);
            involved += 1;
        }
    }
    assert!(!stolen.is_empty() && involved > 0, "stolen {stolen:?}, involved {involved}");

    // The profile and the search box say so.
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    s.settle().await;
    let (id, vrm) = &stolen[0];
    let (status, profile) = s.get(&control, &format!("/objects/{id}?reason=checking%20a%20stolen%20car")).await;
    assert_eq!((status, profile["markers"][0].as_str()), (200, Some("STOLEN")), "{profile}");
    let (status, found) = s.get(&control, &format!("/search/subjects?q={vrm}")).await;
    let hit = found["objects"].as_array().and_then(|o| o.iter().find(|h| h["object"]["id"] == id.as_str()));
    assert_eq!((status, hit.map(|h| h["markers"][0].as_str())), (200, Some(Some("STOLEN"))), "{found}");
}
