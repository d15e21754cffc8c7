//! Legacy import and linkage end to end: the seven synthetic exports
//! imported into an empty store and the resulting persons measured against
//! the truth; re-import, rejects, mapping refusals and explanations.

use std::collections::HashMap;
use std::path::Path;

use bluelamp::import::{import_file, linker_for, ImportError, ImportOptions, ImportReport, LoadedMapping};
use bluelamp::linkage::{pair_scores, LinkageConfig};
use bluelamp::seed::legacy;
use bluelamp::store::{DatabaseUrl, Store};
use chrono::Utc;

mod common;

const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/mappings");

async fn store(dir: &Path) -> Store {
    Store::open(&DatabaseUrl::sqlite(&dir.join("test.db"))).await.unwrap()
}

fn options(source: &str) -> ImportOptions {
    ImportOptions {
        source: source.into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import-test".into(),
    }
}

async fn import(store: &Store, file: &Path, mapping: &Path, opts: &ImportOptions) -> Result<ImportReport, ImportError> {
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

#[tokio::test]
async fn seven_legacy_exports_link_into_persons_close_to_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let written = legacy::write_exports(&exports, 2_000, 11, Utc::now()).unwrap();
    let store = store(dir.path()).await;
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
    assert!(s.f1 >= 0.95, "{s:?}");
}

#[tokio::test]
async fn a_re_import_changes_nothing_and_a_merge_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    legacy::write_exports(&exports, 300, 5, Utc::now()).unwrap();
    let store = store(dir.path()).await;
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

#[tokio::test]
async fn malformed_rows_go_to_the_rejects_and_strict_stops() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,PNC_ID,CRO_NO,WARNING_MARKERS\n\
         C1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Jones,Ann,,31/02/1980,F,,,,,,,\n\
         C3,Brown,Tom,,00/05/1975,Q,,,,,,,\n\
         C4,Green,Amy,,1990,F,,,,,,,\n",
    )
    .unwrap();
    let store = store(dir.path()).await;
    let mapping = Path::new(MAPPINGS).join("custody.toml");
    let mut opts = options("custody");
    opts.rejects = Some(dir.path().join("rejects.csv"));
    let report = import(&store, &file, &mapping, &opts).await.unwrap();
    assert_eq!((report.imported, report.rejected), (2, 2));
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
    assert!(rejects.contains("3,date of birth"), "{rejects}");
    assert!(rejects.contains("4,sex"), "{rejects}");

    let other = tempfile::tempdir().unwrap();
    let store = self::store(other.path()).await;
    let mut strict = options("custody");
    strict.strict = true;
    let err = import(&store, &file, &mapping, &strict).await.unwrap_err();
    assert!(matches!(err, ImportError::Strict { row: 3, .. }), "{err}");
    // The batch holding the bad row was never written.
    assert_eq!(store.count_persons().await.unwrap(), 0);
}

#[tokio::test]
async fn bad_mappings_are_refused_with_their_line_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.csv");
    std::fs::write(&file, "REF,NAME,DOB\nR1,\"SMITH, John\",02/01/1980\n").unwrap();
    let store = store(dir.path()).await;
    let cases = [
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\n[date_of_birth]\ncolumn = \"BIRTH\"\nformat = \"%d/%m/%Y\"\n", "line 6", "BIRTH"),
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\nnickname = \"X\"\n", "line 5", "nickname"),
        ("reference = [\"REF\"]\n[name]\nfull = \"NAME\"\norder = \"surname_comma_forenames\"\n[date_of_birth]\ncolumn = \"DOB\"\nformat = \"%d/%m/%y\"\n", "line 7", "%y"),
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

#[tokio::test]
async fn a_split_restores_the_exact_earlier_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
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

/// Batched writes on both backends: every row lands once, merges keep
/// their earlier state, the review queue is filled, and a re-run adds nothing.
async fn batched_import_writes_whole_batches(backend: common::Backend) {
    let Some(db) = common::TestDb::new(backend).await else { return };
    let store = Store::open(&db.url).await.unwrap();
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

both_backends!(batched_import_writes_whole_batches);
