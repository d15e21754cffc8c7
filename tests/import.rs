//! Legacy import and linkage end to end: the seven synthetic exports
//! imported into an empty store and the resulting persons measured against
//! the truth; re-import, rejects, mapping refusals and explanations.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use bluelamp::domain::kind_set::KindSet;
use bluelamp::domain::link::EventRole;
use bluelamp::import::{import_file, linker_for, ImportError, ImportOptions, ImportReport, LoadedMapping};
use bluelamp::linkage::{pair_scores, Calibration, LinkageConfig};
use bluelamp::seed::legacy;
use bluelamp::store::Store;
use chrono::Utc;
use common::{Backend, TestDb};

both_backends!(
    seven_legacy_exports_link_into_persons_close_to_the_truth,
    a_re_import_changes_nothing_and_a_merge_is_explained,
    malformed_rows_go_to_the_rejects_and_strict_stops,
    bad_mappings_are_refused_with_their_line_before_any_row,
    a_split_restores_the_exact_earlier_state,
    a_later_record_joins_a_thin_earlier_one_and_a_split_undoes_it,
    a_thin_person_changed_by_hand_is_not_folded_away,
    a_join_within_one_batch_settles_the_review_it_answers,
    event_files_become_events_of_the_linked_persons,
    a_re_imported_event_file_changes_nothing,
    malformed_event_rows_go_to_the_rejects,
    bad_event_mappings_are_refused_with_their_line,
    a_split_takes_the_nominals_events_along,
    rows_of_one_crime_make_one_event_with_each_person,
    batched_import_writes_whole_batches,
    other_identifiers_link_and_unique_ones_keep_apart,
    unique_is_refused_on_a_field_that_is_not_an_identifier,
    a_file_of_other_habits_links_on_the_weights_estimated_from_it,
    a_date_no_living_person_was_born_on_is_a_finding_and_still_links,
);

const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/mappings");

/// A fresh store on `backend`; None when that backend is not configured.
async fn store(backend: Backend) -> Option<(Store, TestDb)> {
    let db = TestDb::new(backend).await?;
    let store = Store::open(&db.url).await.unwrap();
    Some((store, db))
}

pub(crate) fn options(source: &str) -> ImportOptions {
    ImportOptions {
        source: source.into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import-test".into(),
    }
}

pub(crate) async fn import(
    store: &Store,
    file: &Path,
    mapping: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mapping = LoadedMapping::read(mapping)?;
    let mut linker = linker_for(store, opts.linkage.clone()).await?;
    import_file(store, &mut linker, file, &mapping, opts, |_| {}).await
}

async fn import_all(store: &Store, exports: &Path) {
    for source in legacy::sources() {
        let mapping = Path::new(MAPPINGS).join(format!("{source}.toml"));
        let report = import(store, &legacy::export_path(exports, source), &mapping, &options(source)).await.unwrap();
        assert_eq!(report.rejected, 0, "{source}: {report:?}");
    }
}

/// The exports' own dates follow the day they are written; the accuracy is
/// measured on one fixed day so that it does not move from day to day.
fn exported_at() -> chrono::DateTime<Utc> {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

async fn seven_legacy_exports_link_into_persons_close_to_the_truth(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let written = legacy::write_exports(&exports, 2_000, 11, exported_at()).unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_all(&store, &exports).await;

    let mut truth = HashMap::new();
    let mut reader = csv::Reader::from_path(exports.join(legacy::TRUTH_FILE)).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        truth.insert((row[0].to_string(), row[1].to_string()), row[2].to_string());
    }
    let rows = store.import_rows(None).await.unwrap();
    assert_eq!(rows.len(), written.total_rows());
    let items: Vec<(String, String)> =
        rows.iter().map(|r| (r.person_id.clone(), truth[&(r.source.clone(), r.source_ref.clone())].clone())).collect();
    let s = pair_scores(&items);
    println!("pairwise precision {:.4} recall {:.4} F1 {:.4}", s.precision, s.recall, s.f1);
    assert!(s.precision >= s.recall, "{s:?}");
    // One seed's F1 varies with its data: over seeds 1–12 it ran
    // 0.9866–0.9930 (mean 0.9896); this one gives 0.9897.
    assert!(s.f1 >= 0.985, "{s:?}");

    // Scores read as probabilities: in each band of predicted probability
    // with pairs enough to say (50), the share of true matches is within
    // 0.05 of the mean prediction. A candidate is judged by the row that
    // made its person.
    let truth_of =
        |r: &bluelamp::domain::imported::ImportedRecord| truth[&(r.source.clone(), r.source_ref.clone())].clone();
    let made_by: HashMap<&str, String> =
        rows.iter().filter(|r| r.outcome != "merged").map(|r| (r.person_id.as_str(), truth_of(r))).collect();
    let mut calibration = Calibration::default();
    for r in &rows {
        let decision: bluelamp::linkage::Decision = serde_json::from_value(r.evidence.clone()).unwrap();
        let (Some(candidate), Some(p)) = (decision.candidate, decision.probability) else { continue };
        if let Some(t) = made_by.get(candidate.as_str()) {
            calibration.add(p, *t == truth_of(r));
        }
    }
    println!("{}", calibration.table());
    for (from, to, pairs, predicted, share) in calibration.rows() {
        if pairs >= 50 {
            assert!((predicted - share).abs() <= 0.05, "{from}–{to}: {}", calibration.table());
        }
    }
}

async fn a_re_import_changes_nothing_and_a_merge_is_explained(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    legacy::write_exports(&exports, 300, 5, Utc::now()).unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_all(&store, &exports).await;
    let persons = store.count_persons().await.unwrap();
    let rows = store.import_rows(None).await.unwrap();

    let again = import(
        &store,
        &legacy::export_path(&exports, "custody"),
        &Path::new(MAPPINGS).join("custody.toml"),
        &options("custody"),
    )
    .await
    .unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.skipped, again.rows);
    assert_eq!(store.count_persons().await.unwrap(), persons);
    assert_eq!(store.import_rows(None).await.unwrap(), rows);

    let merged = rows.iter().find(|r| r.outcome == "merged").unwrap();
    let why = store.person_import_rows(&merged.person_id).await.unwrap();
    assert!(why.len() >= 2);
    let evidence = &why.iter().find(|r| r.outcome == "merged").unwrap().evidence;
    let fields = evidence["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["field"] == "surname"));
    let total: f64 = fields.iter().map(|f| f["weight"].as_f64().unwrap()).sum();
    assert!((total - evidence["score"].as_f64().unwrap()).abs() < 1e-9);
}

/// No row is lost for one bad field: the field is left out of the person
/// and kept as a finding, and the row links on what remains. Only a row with
/// no name and no identifier is rejected; `--strict` stops at the first.
async fn malformed_rows_go_to_the_rejects_and_strict_stops(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,PNC_ID,CRO_NO,WARNING_MARKERS\n\
         C1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Jones,Ann,,31/02/1980,F,,,,,,,\n\
         C3,Brown,Tom,,00/05/1975,Q,,,,,,,\n\
         C4,Green,Amy,,1990,F,,,,,,,\n\
         C5,,,,01/01/1970,M,,,,,,,\n",
    )
    .unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let mapping = Path::new(MAPPINGS).join("custody.toml");
    let mut opts = options("custody");
    opts.rejects = Some(dir.path().join("rejects.csv"));
    let report = import(&store, &file, &mapping, &opts).await.unwrap();
    assert_eq!((report.imported, report.with_findings, report.rejected), (4, 2, 1), "{report:?}");
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
    assert!(rejects.contains("6,the row has no name and no identifier"), "{rejects}");
    let findings = store.import_findings(Some("custody"), None, 1000, KindSet::ALL).await.unwrap();
    let found = |r: &str, field: &str| findings.iter().find(|f| f.source_ref == r && f.field == field);
    assert_eq!(found("C2", "date_of_birth").map(|f| f.value.as_str()), Some("31/02/1980"), "{findings:?}");
    assert_eq!(found("C3", "sex").map(|f| f.value.as_str()), Some("Q"), "{findings:?}");
    assert!(found("C5", "row").is_some_and(|f| f.rejected), "{findings:?}");
    let ann = store.import_row("custody", "C2").await.unwrap();
    let ann = store.person(&ann.person_id).await.unwrap();
    assert_eq!((ann.details.names[0].surname.as_str(), ann.details.date_of_birth), ("Jones", None));

    // A later row with an impossible date still links to its person.
    let later = dir.path().join("later.csv");
    std::fs::write(&later, format!("{CUSTODY_HEADER}C6,Smith,John,,32/01/1980,M,1 High St,,,E1 6AN,,,\n")).unwrap();
    let report = import(&store, &later, &mapping, &opts).await.unwrap();
    assert_eq!((report.merged, report.with_findings), (1, 1), "{report:?}");
    let (c1, c6) = (store.import_row("custody", "C1").await.unwrap(), store.import_row("custody", "C6").await.unwrap());
    assert_eq!(c1.person_id, c6.person_id);
    // A re-run notes the rejected row once.
    import(&store, &file, &mapping, &opts).await.unwrap();
    let again = store.import_findings(Some("custody"), None, 1000, KindSet::ALL).await.unwrap();
    assert_eq!(again.iter().filter(|f| f.rejected).count(), 1, "{again:?}");

    let Some((store, _other)) = self::store(backend).await else { return };
    let mut strict = options("custody");
    strict.strict = true;
    let err = import(&store, &file, &mapping, &strict).await.unwrap_err();
    assert!(matches!(err, ImportError::Strict { row: 3, .. }), "{err}");
    // The batch holding the bad row was never written.
    assert_eq!(store.count_persons().await.unwrap(), 0);
}

/// Identifiers of kind `other` are evidence: two records sharing one link;
/// marked unique, a shared one links outright and a different one keeps
/// two records of the same name and birth apart.
async fn other_identifiers_link_and_unique_ones_keep_apart(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("legacy.csv");
    std::fs::write(
        &file,
        "REF,SURNAME,FORENAMES,DOB,NOMINAL_NO\n\
         L1,Okafor,Chidi,14/03/1985,N-1001\n\
         L2,Okafor,Chidi,,N-1001\n\
         L3,Adeyemi,Tola,02/02/1990,N-2002\n\
         L4,Adeyemi,Tola,02/02/1990,N-3003\n",
    )
    .unwrap();
    let mapping = |unique: bool| {
        let path = dir.path().join(format!("legacy-{unique}.toml"));
        std::fs::write(
            &path,
            format!(
                "kind = \"crime\"\nreference = [\"REF\"]\n[name]\nforenames = [\"FORENAMES\"]\nsurname = \"SURNAME\"\n\
                 [date_of_birth]\ncolumn = \"DOB\"\nformat = \"%d/%m/%Y\"\n\
                 [[identifiers]]\ncolumn = \"NOMINAL_NO\"\nkind = \"other\"\nlabel = \"legacy nominal\"\nunique = {unique}\n"
            ),
        )
        .unwrap();
        path
    };
    for unique in [false, true] {
        let Some((store, _db)) = store(backend).await else { return };
        let report = import(&store, &file, &mapping(unique), &options("legacy")).await.unwrap();
        let person = |r: &'static str| {
            let store = store.clone();
            async move { store.import_row("legacy", r).await.unwrap().person_id }
        };
        // A name and a shared nominal number, no date: one person.
        assert_eq!(person("L1").await, person("L2").await, "unique {unique}: {report:?}");
        let l2 = store.import_row("legacy", "L2").await.unwrap();
        assert!(l2.evidence.to_string().contains("legacy nominal"), "{}", l2.evidence);
        if unique {
            // The same name and date, different numbers: kept apart.
            assert_ne!(person("L3").await, person("L4").await, "{report:?}");
            let l4 = store.import_row("legacy", "L4").await.unwrap();
            assert!(l4.evidence.to_string().contains("conflicting"), "{}", l4.evidence);
        }
    }
}

async fn bad_mappings_are_refused_with_their_line_before_any_row(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.csv");
    std::fs::write(&file, "REF,NAME,DOB\nR1,\"SMITH, John\",02/01/1980\n").unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let cases = [
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\n[date_of_birth]\ncolumn = \"BIRTH\"\nformat = \"%d/%m/%Y\"\n", "line 6", "BIRTH"),
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\nnickname = \"X\"\n", "line 5", "nickname"),
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\n[date_of_birth]\ncolumn = \"DOB\"\nformat = \"%d/%m/%y\"\n", "line 7", "%y"),
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\n[address]\n", "[address]", "'postcode'"),
    ];
    for (text, line, word) in cases {
        let path = dir.path().join("m.toml");
        std::fs::write(&path, text).unwrap();
        let err = import(&store, &file, &path, &options("x")).await.unwrap_err().to_string();
        assert!(err.contains(line) && err.contains(word), "{err}");
    }
    assert_eq!(store.count_persons().await.unwrap(), 0);
}

const CUSTODY_HEADER: &str = "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,\
ADDR_LINE_3,POSTCODE,PNC_ID,CRO_NO,WARNING_MARKERS\n";

async fn import_text(store: &Store, dir: &Path, name: &str, rows: &str) -> ImportReport {
    let file = dir.join(name);
    std::fs::write(&file, format!("{CUSTODY_HEADER}{rows}")).unwrap();
    import(store, &file, &Path::new(MAPPINGS).join("custody.toml"), &options("custody")).await.unwrap()
}

async fn a_split_restores_the_exact_earlier_state(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_text(&store, dir.path(), "a.csv", "C1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n").await;
    let person_id = store.import_row("custody", "C1").await.unwrap().person_id;
    let earlier = store.person(&person_id).await.unwrap();

    let report = import_text(
        &store,
        dir.path(),
        "b.csv",
        "C2,Smyth,Jon,,02/01/1980,M,9 Low Rd,,,N1 9GU,,,drugs\nC3,Smith,John,Paul,02/01/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .await;
    assert_eq!(report.merged, 2, "{report:?}");
    let merged = store.person(&person_id).await.unwrap();
    assert!(merged.details.names.len() >= 2);
    assert_eq!(merged.details.markers.len(), 1);

    // Take C2 out: the person is as before C2 with C3 still folded in.
    let actor = bluelamp::store::Actor::new("reviewer", "different man");
    let (restored, separated) = bluelamp::import::split(&store, &actor, "custody", "C2").await.unwrap();
    let mut expected = earlier.details.clone();
    let c3: bluelamp::domain::person::PersonDetails =
        serde_json::from_value(store.import_row("custody", "C3").await.unwrap().record).unwrap();
    bluelamp::import::merge_into(&mut expected, &c3);
    assert_eq!(restored.details, expected);
    assert_eq!(store.person(&person_id).await.unwrap().details, expected);
    assert!(restored.details.markers.is_empty());
    assert_eq!(separated.details.names[0].surname, "Smyth");
    assert_eq!(store.import_row("custody", "C2").await.unwrap().person_id, separated.id);

    // Take C3 out too: exactly the person before the second file.
    let (restored, _) = bluelamp::import::split(&store, &actor, "custody", "C3").await.unwrap();
    assert_eq!(restored.details, earlier.details);
    // A row that was never merged cannot be split.
    assert!(bluelamp::import::split(&store, &actor, "custody", "C1").await.is_err());
}

async fn a_later_record_joins_a_thin_earlier_one_and_a_split_undoes_it(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    // A thin first record, then a fuller one that only reaches review against it.
    let first = import_text(&store, dir.path(), "a.csv", "C1,Okonkwo,Chidi,,,M,1 High St,,,E1 6AN,,,\n").await;
    assert_eq!(first.created, 1, "{first:?}");
    let thin = store.import_row("custody", "C1").await.unwrap().person_id;
    let thin_details = store.person(&thin).await.unwrap().details;
    let second =
        import_text(&store, dir.path(), "b.csv", "C2,Okonkwo,Chidi,,02/01/1980,M,9 Low Rd,,,N1 9GU,,,\n").await;
    assert_eq!((second.created, second.review), (1, 1), "{second:?}");
    let fuller = store.import_row("custody", "C2").await.unwrap().person_id;

    // A third record links both: the thin person is joined into the fuller.
    let third =
        import_text(&store, dir.path(), "c.csv", "C3,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n").await;
    assert_eq!((third.merged, third.joined), (1, 1), "{third:?}");
    assert!(store.person(&thin).await.is_err(), "the joined person is erased");
    let rows = store.person_import_rows(&fuller).await.unwrap();
    let refs: Vec<&str> = rows.iter().map(|r| r.source_ref.as_str()).collect();
    assert_eq!(refs, ["C2", "C3", "C1"], "rows in the order they were folded in");
    let joined = rows.iter().find(|r| r.source_ref == "C1").unwrap();
    assert_eq!(joined.outcome, "merged");
    let note = joined.evidence["note"].as_str().unwrap();
    assert!(note.contains("custody/C3 links both"), "{note}");
    let c3 = rows.iter().find(|r| r.source_ref == "C3").unwrap();
    assert_eq!(c3.evidence["joined"][0]["person"], thin.as_str(), "{}", c3.evidence);
    let reviews = store.review_queue(Some("open")).await.unwrap();
    assert!(reviews.is_empty(), "the review of C2 against the thin person is settled: {reviews:?}");
    let filter = bluelamp::store::AuditFilter { record_id: Some(thin.clone()), limit: 50, ..Default::default() };
    let audit = store.audit_entries(&filter).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "erasure" && a.detail.contains(&fuller)), "{audit:?}");
    let before_join = rows.iter().find(|r| r.source_ref == "C1").unwrap().before.clone().unwrap();

    // Splitting the joined row restores the person exactly as it was before,
    // and the thin person comes back under its own id.
    let actor = bluelamp::store::Actor::new("reviewer", "different man");
    let (restored, separated) = bluelamp::import::split(&store, &actor, "custody", "C1").await.unwrap();
    assert_eq!(restored.details, before_join);
    assert_eq!(separated.id, thin);
    assert_eq!(store.person(&thin).await.unwrap().details, thin_details);
    assert_eq!(store.import_row("custody", "C1").await.unwrap().person_id, thin);
}

async fn a_thin_person_changed_by_hand_is_not_folded_away(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_text(&store, dir.path(), "a.csv", "C1,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n").await;
    let second = import_text(&store, dir.path(), "b.csv", "C2,Okonkwo,Chidi,,,M,9 Low Rd,,,N1 9GU,,,\n").await;
    assert_eq!(second.review, 1, "{second:?}");
    let thin = store.person(&store.import_row("custody", "C2").await.unwrap().person_id).await.unwrap();
    // An officer adds what they know to the thin person.
    let mut details = thin.details.clone();
    details.names[0].forenames = "Chidi Emeka".into();
    let actor = bluelamp::store::Actor::new("dc.jones", "spoke to him");
    store.update_person(&actor, &thin.id, thin.version, details.clone()).await.unwrap();

    // Accepting the pair would erase the thin person and the change with it.
    let err = bluelamp::import::accept(&store, &actor, "custody", "C2").await.unwrap_err();
    assert!(err.to_string().contains("changed by hand"), "{err}");
    assert_eq!(store.person(&thin.id).await.unwrap().details, details);

    // Nor does a record linking both join it away: it may take others in.
    import_text(&store, dir.path(), "c.csv", "C3,Okonkwo,Chidi,,02/01/1980,M,9 Low Rd,,,N1 9GU,,,\n").await;
    let kept = store.person(&thin.id).await.unwrap();
    assert!(kept.details.names.iter().any(|n| n.forenames == "Chidi Emeka"), "{:?}", kept.details.names);
    assert_eq!(store.import_row("custody", "C2").await.unwrap().person_id, thin.id);
}

async fn a_join_within_one_batch_settles_the_review_it_answers(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let report = import_text(
        &store,
        dir.path(),
        "a.csv",
        "C1,Okonkwo,Chidi,,,M,1 High St,,,E1 6AN,,,\n\
         C2,Okonkwo,Chidi,,02/01/1980,M,9 Low Rd,,,N1 9GU,,,\n\
         C3,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .await;
    assert_eq!((report.created, report.merged, report.review, report.joined), (1, 2, 0, 1), "{report:?}");
    assert_eq!(store.count_persons().await.unwrap(), 1);
    let person = store.import_row("custody", "C2").await.unwrap().person_id;
    for reference in ["C1", "C3"] {
        assert_eq!(store.import_row("custody", reference).await.unwrap().person_id, person);
    }
    assert!(store.review_queue(Some("open")).await.unwrap().is_empty());
}

/// Imports the nominals, then the event files that refer to them.
async fn import_events_of(store: &Store, exports: &Path) -> Vec<ImportReport> {
    let mut reports = Vec::new();
    for (source, _) in legacy::event_sources() {
        let mapping = Path::new(MAPPINGS).join(format!("{source}.toml"));
        let file = legacy::export_path(exports, source);
        reports.push(import(store, &file, &mapping, &options(source)).await.unwrap());
    }
    reports
}

async fn event_count(store: &Store) -> usize {
    let mut n = 0;
    for kind in bluelamp::domain::event::EventKind::ALL {
        let filter = bluelamp::store::EventFilter { limit: 100_000, ..Default::default() };
        n += store.list_events(kind, &filter).await.unwrap().0.len();
    }
    n
}

async fn event_files_become_events_of_the_linked_persons(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let written = legacy::write_exports(&exports, 300, 5, Utc::now()).unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_all(&store, &exports).await;
    let reports = import_events_of(&store, &exports).await;
    for ((source, rows), report) in written.events.iter().zip(&reports) {
        assert!(*rows > 0, "{source}");
        assert_eq!((report.rows, report.events, report.rejected), (*rows as u64, *rows as u64, 0), "{source}");
    }
    let imported = store.import_events(None).await.unwrap();
    assert_eq!(imported.len(), written.events.iter().map(|(_, n)| n).sum::<usize>());
    assert_eq!(event_count(&store).await, imported.len());
    for row in imported.iter().step_by(7) {
        // Each event is on the person its nominal row was linked to.
        let nominal = store.import_row(&row.nominal_source, &row.nominal_ref).await.unwrap();
        assert_eq!(row.person_id, nominal.person_id);
        let event = store.event(row.kind, &row.event_id).await.unwrap();
        assert_eq!(event.people.len(), 1);
        assert_eq!(event.people[0].person_id, nominal.person_id);
        assert_eq!(event.provenance.source.as_deref(), Some(row.source.as_str()));
        assert_eq!(event.provenance.source_ref.as_deref(), Some(row.source_ref.as_str()));
        let on_person = store.events_for_person(&nominal.person_id).await.unwrap();
        assert!(on_person.iter().any(|(e, _)| e.id == event.id));
    }
    let warrant = imported.iter().find(|r| r.source == "warrant_records").unwrap();
    let event = store.event(warrant.kind, &warrant.event_id).await.unwrap();
    assert!(event.reference.starts_with("WR"), "{}", event.reference);
    assert_eq!(event.people[0].role, bluelamp::domain::link::EventRole::WantedPerson);
}

async fn a_re_imported_event_file_changes_nothing(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    legacy::write_exports(&exports, 200, 9, Utc::now()).unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_all(&store, &exports).await;
    import_events_of(&store, &exports).await;
    let before = store.import_events(None).await.unwrap();
    let events = event_count(&store).await;
    for report in import_events_of(&store, &exports).await {
        assert_eq!(report.imported, 0, "{report:?}");
        assert_eq!(report.skipped, report.rows, "{report:?}");
    }
    assert_eq!(store.import_events(None).await.unwrap(), before);
    assert_eq!(event_count(&store).await, events);
}

const WARRANT_EVENTS: &str = "WARRANT_REF,SUBJECT_NO,WARRANT_TYPE,ISSUING_COURT,DATE_ISSUED,OFFENCE,STATE\n";

async fn malformed_event_rows_go_to_the_rejects(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let nominals = dir.path().join("warrants.csv");
    std::fs::write(
        &nominals,
        "WARRANT_NO,SUBJ_SURNAME,SUBJ_FORENAMES,SUBJ_DOB,LAST_KNOWN_ADDRESS,PCODE,PNCID\n\
         WT1,Smith,John,01/02/1980,1 High St,E1 6AN,\n",
    )
    .unwrap();
    import(&store, &nominals, &Path::new(MAPPINGS).join("warrants.toml"), &options("warrants")).await.unwrap();
    let file = dir.path().join("warrant_records.csv");
    std::fs::write(
        &file,
        format!(
            "{WARRANT_EVENTS}\
             WR1,WT1,BENCH,Thames Magistrates' Court,03/04/2025,Burglary,OUTSTANDING\n\
             WR2,WT1,BENCH,Thames Magistrates' Court,31/04/2025,Burglary,OUTSTANDING\n\
             WR3,WT1,SPEEDING,Thames Magistrates' Court,03/04/2025,Burglary,OUTSTANDING\n\
             WR4,WT9,BENCH,Thames Magistrates' Court,03/04/2025,Burglary,OUTSTANDING\n\
             WR5,WT1,BENCH,,03/04/2025,Burglary,OUTSTANDING\n"
        ),
    )
    .unwrap();
    let mapping = Path::new(MAPPINGS).join("warrant_records.toml");
    let mut opts = options("warrant_records");
    opts.rejects = Some(dir.path().join("rejects.csv"));
    let report = import(&store, &file, &mapping, &opts).await.unwrap();
    assert_eq!((report.events, report.rejected), (1, 4), "{report:?}");
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
    assert!(rejects.contains("3,occurred_at: '31/04/2025' is not a time"), "{rejects}");
    assert!(rejects.contains("4,details.warrant_kind: 'SPEEDING' is not a code"), "{rejects}");
    assert!(rejects.contains("5,the nominal 'WT9' has not been imported from warrants"), "{rejects}");
    assert!(rejects.contains("6,the row does not make a warrant: missing field `issuing_court`"), "{rejects}");

    let mut strict = options("warrant_records");
    strict.strict = true;
    let err = import(&store, &file, &mapping, &strict).await.unwrap_err();
    assert!(matches!(err, ImportError::Strict { row: 3, .. }), "{err}");
}

async fn bad_event_mappings_are_refused_with_their_line(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let file = dir.path().join("w.csv");
    std::fs::write(&file, format!("{WARRANT_EVENTS}WR1,WT1,BENCH,Court,03/04/2025,Burglary,OUTSTANDING\n")).unwrap();
    let good = std::fs::read_to_string(Path::new(MAPPINGS).join("warrant_records.toml")).unwrap();
    let line_of = |needle: &str| format!("line {}", good.lines().position(|l| l.contains(needle)).unwrap() + 1);
    let cases = [
        (
            good.replace("issuing_court = \"ISSUING_COURT\"", "issuing_court = \"COURT\""),
            line_of("issuing_court"),
            "COURT",
        ),
        (
            good.replace("offence = \"OFFENCE\"", "offence = \"OFFENCE\"\ncolour = \"STATE\""),
            line_of("offence = ") + "",
            "colour",
        ),
        (
            good.replace("format = \"%m/%d/%Y\" }\nsummary", "format = \"%m/%d/%Q\" }\nsummary"),
            line_of("occurred_at"),
            "%Q",
        ),
        (good.replace("kind = \"warrant\"", "kind = \"parking\""), line_of("kind = \"warrant\""), "parking"),
        (good.replace("issuing_court = \"ISSUING_COURT\"\n", ""), line_of("kind = \"warrant\""), "issuing_court"),
    ];
    for (i, (text, line, word)) in cases.into_iter().enumerate() {
        let path = dir.path().join("m.toml");
        std::fs::write(&path, &text).unwrap();
        let err = import(&store, &file, &path, &options("x")).await.unwrap_err().to_string();
        // The added field sits on the line after `offence`.
        let line = if i == 1 { format!("line {}", line[5..].parse::<usize>().unwrap() + 1) } else { line };
        assert!(err.contains(&line) && err.contains(word), "case {i}: {err}");
    }
    assert_eq!(event_count(&store).await, 0);
}

async fn a_split_takes_the_nominals_events_along(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    import_text(&store, dir.path(), "a.csv", "C1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n").await;
    import_text(&store, dir.path(), "b.csv", "C2,Smyth,Jon,,02/01/1980,M,9 Low Rd,,,N1 9GU,,,\n").await;
    let person_id = store.import_row("custody", "C1").await.unwrap().person_id;
    assert_eq!(store.import_row("custody", "C2").await.unwrap().person_id, person_id);
    let mapping = dir.path().join("arrests.toml");
    std::fs::write(
        &mapping,
        "reference = [\"ARREST\"]\n[event]\nkind = \"crime\"\noccurred_at = { column = \"AT\", format = \"%Y-%m-%d %H:%M\" }\n\
         summary = \"OFFENCE\"\n[event.nominal]\ncolumn = \"CUSTODY_NO\"\nsource = \"custody\"\nrole = { value = \"suspect\" }\n\
         [event.details]\noffence = \"OFFENCE\"\nstatus = { value = \"open\" }\n",
    )
    .unwrap();
    let file = dir.path().join("arrests.csv");
    std::fs::write(
        &file,
        "ARREST,CUSTODY_NO,AT,OFFENCE\nA1,C1,2025-06-01 22:15,Theft\nA2,C2,2025-07-01 09:00,Assault\n",
    )
    .unwrap();
    let report = import(&store, &file, &mapping, &options("arrests")).await.unwrap();
    assert_eq!(report.events, 2, "{report:?}");
    let events = store.events_for_person(&person_id).await.unwrap();
    assert_eq!(events.len(), 2);
    let a1 = store.import_events(None).await.unwrap().into_iter().find(|r| r.source_ref == "A1").unwrap();
    let occurred = store.event(a1.kind, &a1.event_id).await.unwrap().occurred_at;
    // A London summer evening is an hour earlier in UTC.
    assert_eq!(occurred.to_rfc3339(), "2025-06-01T21:15:00+00:00");

    let actor = bluelamp::store::Actor::new("reviewer", "different man");
    let (restored, separated) = bluelamp::import::split(&store, &actor, "custody", "C2").await.unwrap();
    let kept = store.events_for_person(&restored.id).await.unwrap();
    let moved = store.events_for_person(&separated.id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].0.summary, "Assault");
    assert_eq!(moved[0].0.people[0].person_id, separated.id);
}

/// Rows of an event file sharing the event's own reference are one event
/// with each person on it, in one file or later ones of the same source;
/// a split moves only its own nominal's person.
async fn rows_of_one_crime_make_one_event_with_each_person(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let nominals = "C1,Okafor,Ada,,02/01/1980,F,1 High St,,,E1 6AN,,,\n\
                    C2,Lomax,Keira,,05/05/1990,F,9 Low Rd,,,N1 9GU,,,\n\
                    C3,Brennan,Sean,,07/07/1975,M,3 Mill Ln,,,SE1 7PB,,,\n";
    import_text(&store, dir.path(), "a.csv", nominals).await;
    let person = |r: &'static str| {
        let store = store.clone();
        async move { store.import_row("custody", r).await.unwrap().person_id }
    };
    let (ada, keira, sean) = (person("C1").await, person("C2").await, person("C3").await);
    let mapping = dir.path().join("crimes.toml");
    std::fs::write(
        &mapping,
        "reference = [\"CRIME_NO\", \"CUSTODY_NO\"]\n[event]\nkind = \"crime\"\nreference = \"CRIME_NO\"\n\
         occurred_at = { column = \"AT\", format = \"%Y-%m-%d %H:%M\" }\nsummary = \"OFFENCE\"\n\
         [event.nominal]\ncolumn = \"CUSTODY_NO\"\nsource = \"custody\"\n\
         role = { column = \"PART\", codes = { S = \"suspect\", V = \"victim\", W = \"witness\" } }\n\
         [event.details]\noffence = \"OFFENCE\"\nstatus = { value = \"open\" }\n",
    )
    .unwrap();
    let crimes = |name: &str, rows: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, format!("CRIME_NO,CUSTODY_NO,PART,AT,OFFENCE\n{rows}")).unwrap();
        file
    };
    let file = crimes("one.csv", "CR/1,C1,S,2025-06-01 22:15,Robbery\nCR/1,C2,V,2025-06-01 22:15,Robbery\n");
    let report = import(&store, &file, &mapping, &options("crimes")).await.unwrap();
    assert_eq!((report.imported, report.events), (2, 1), "{report:?}");
    let (event, _) = store.events_for_person(&ada).await.unwrap().remove(0);
    assert_eq!(event.reference, "CR/1");
    let people: Vec<(&str, EventRole)> = event.people.iter().map(|p| (p.person_id.as_str(), p.role)).collect();
    assert_eq!(people, [(ada.as_str(), EventRole::Suspect), (keira.as_str(), EventRole::Victim)]);
    assert_eq!(store.events_for_person(&keira).await.unwrap()[0].0.id, event.id);

    // A later file of the same source adds a witness to the same crime.
    let file = crimes("two.csv", "CR/1,C3,W,2025-06-01 22:15,Robbery\n");
    let report = import(&store, &file, &mapping, &options("crimes")).await.unwrap();
    assert_eq!((report.imported, report.events), (1, 0), "{report:?}");
    let joined = store.event(event.kind, &event.id).await.unwrap();
    assert_eq!((joined.version, joined.people.len()), (2, 3));
    assert!(joined.people.iter().any(|p| p.person_id == sean && p.role == EventRole::Witness));
    // Another source's crime of that number is not this file's: refused.
    let report = import(&store, &file, &mapping, &options("other_crimes")).await.unwrap();
    assert_eq!((report.imported, report.rejected), (0, 1), "{report:?}");

    // Keira's record merged from a second row, then split out: only her
    // place on the crime moves; Ada's and Sean's stay.
    import_text(&store, dir.path(), "b.csv", "C4,Lomax,Keira,,05/05/1990,F,9 Low Rd,,,N1 9GU,,,\n").await;
    assert_eq!(person("C4").await, keira);
    let file = crimes("three.csv", "CR/2,C4,V,2025-07-01 09:00,Assault\nCR/2,C1,S,2025-07-01 09:00,Assault\n");
    import(&store, &file, &mapping, &options("crimes")).await.unwrap();
    let actor = bluelamp::store::Actor::new("reviewer", "different woman");
    let (_, separated) = bluelamp::import::split(&store, &actor, "custody", "C4").await.unwrap();
    let crime = store.events_for_person(&separated.id).await.unwrap();
    assert_eq!(crime.len(), 1);
    let people: Vec<&str> = crime[0].0.people.iter().map(|p| p.person_id.as_str()).collect();
    assert_eq!(people, [separated.id.as_str(), ada.as_str()]);
    let rows = store.import_events(Some("crimes")).await.unwrap();
    let on = |source_ref: &str| rows.iter().find(|r| r.source_ref == source_ref).unwrap().person_id.clone();
    assert_eq!((on("CR/2/C4"), on("CR/2/C1")), (separated.id.clone(), ada.clone()));
}

/// Batched writes on both backends: every row lands once, merges keep
/// their earlier state, the review queue is filled, and a re-run adds nothing.
async fn batched_import_writes_whole_batches(backend: Backend) {
    let Some((store, _db)) = store(backend).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let written = legacy::write_exports(&exports, 600, 9, Utc::now()).unwrap();
    import_all(&store, &exports).await;
    let rows = store.import_rows(None).await.unwrap();
    assert_eq!(rows.len(), written.total_rows());
    let merged = rows.iter().filter(|r| r.outcome == "merged").count();
    assert!(merged > 0);
    assert!(rows.iter().filter(|r| r.outcome == "merged").all(|r| r.before.is_some()));
    let review = store.review_queue(Some("open")).await.unwrap();
    assert_eq!(review.len(), rows.iter().filter(|r| r.outcome == "review").count());
    let persons = store.count_persons().await.unwrap();
    assert_eq!(persons as usize, rows.len() - merged);
    import_all(&store, &exports).await;
    assert_eq!(store.import_rows(None).await.unwrap(), rows);
    assert_eq!(store.count_persons().await.unwrap(), persons);
}

async fn unique_is_refused_on_a_field_that_is_not_an_identifier(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("bad.toml");
    std::fs::write(
        &mapping,
        "reference = [\"REF\"]\n[name]\nsurname = \"SURNAME\"\n\n[date_of_birth]\ncolumn = \"DOB\"\n\
         format = \"%d/%m/%Y\"\nunique = true\n",
    )
    .unwrap();
    let file = dir.path().join("rows.csv");
    std::fs::write(&file, "REF,SURNAME,DOB\nR1,Smith,01/01/1980\n").unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let err = import(&store, &file, &mapping, &options("bad")).await.unwrap_err().to_string();
    assert!(err.contains("mapping line 8") && err.contains("[date_of_birth] is not an identifier"), "{err}");
    assert_eq!(store.count_persons().await.unwrap(), 0);
}

/// Splink's example file (benches/data): no postcode, dates of birth that
/// often differ, names in the wrong columns, an email as the identifier.
/// The weights estimated from it, not the synthetic exports' defaults,
/// link it; nothing in linkage is tuned to it.
async fn a_file_of_other_habits_links_on_the_weights_estimated_from_it(backend: Backend) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("benches/data/splink-fake-1000.csv");
    let Some((store, _db)) = store(backend).await else { return };
    let report = import(&store, &file, &root.join("mappings/splink_fake_1000.toml"), &options("fake")).await.unwrap();
    // Every row is accounted for: one has no name and no identifier.
    assert_eq!((report.rows, report.imported, report.rejected), (1000, 999, 1), "{report:?}");
    let estimate = report.estimate.clone().unwrap();
    assert!(estimate.converged && estimate.warning.is_none(), "{estimate:?}");

    let mut truth = HashMap::new();
    for row in csv::Reader::from_path(&file).unwrap().records() {
        let row = row.unwrap();
        truth.insert(row[0].to_string(), row[6].to_string());
    }
    let rows = store.import_rows(Some("fake")).await.unwrap();
    let items: Vec<(String, String)> =
        rows.iter().map(|r| (r.person_id.clone(), truth[&r.source_ref].clone())).collect();
    let s = pair_scores(&items);
    println!("pairwise precision {:.4} recall {:.4} F1 {:.4}", s.precision, s.recall, s.f1);
    assert!(s.precision >= s.recall, "{s:?}");
    // 0.9785 as measured; 0.709 while the defaults stood for it.
    assert!(s.f1 >= 0.97, "{s:?}");
}

/// A real date that no living person was born on (before 1900) is left out
/// of the person as a finding, and linkage still compares it as the source
/// gave it: it links the same date and keeps another apart.
async fn a_date_no_living_person_was_born_on_is_a_finding_and_still_links(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("historic.csv");
    std::fs::write(
        &file,
        "REF,SURNAME,FORENAMES,DOB\n\
         H1,Spens,James,30/03/1853\n\
         H2,Spens,James,30/03/1853\n\
         H3,Spens,James,12/11/1881\n",
    )
    .unwrap();
    let mapping = dir.path().join("historic.toml");
    std::fs::write(
        &mapping,
        "kind = \"crime\"\nreference = [\"REF\"]\n[name]\nforenames = [\"FORENAMES\"]\nsurname = \"SURNAME\"\n\
         [date_of_birth]\ncolumn = \"DOB\"\nformat = \"%d/%m/%Y\"\n",
    )
    .unwrap();
    let Some((store, _db)) = store(backend).await else { return };
    let report = import(&store, &file, &mapping, &options("historic")).await.unwrap();
    assert_eq!((report.imported, report.with_findings), (3, 3), "{report:?}");
    let findings = store.import_findings(Some("historic"), None, 1000, KindSet::ALL).await.unwrap();
    assert!(findings.iter().any(|f| f.source_ref == "H1" && f.field == "date_of_birth" && f.value == "1853-03-30"));
    let row = |r: &'static str| {
        let store = store.clone();
        async move { store.import_row("historic", r).await.unwrap() }
    };
    let (h1, h2, h3) = (row("H1").await, row("H2").await, row("H3").await);
    assert_eq!(h1.person_id, h2.person_id, "{}", h2.evidence);
    assert!(h2.evidence.to_string().contains("1853-03-30 / 1853-03-30"), "{}", h2.evidence);
    assert_ne!(h1.person_id, h3.person_id, "{}", h3.evidence);
    assert_eq!(store.person(&h1.person_id).await.unwrap().details.date_of_birth, None);
}
