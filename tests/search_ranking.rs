//! The search box's ranking through the server: a name typed as it was
//! given comes before the other forms a nickname stands for.

use crate::common;

use bluelamp::domain::role::Role;
use common::{Backend, TestServer};

async fn an_exact_forename_and_its_full_name_outrank_a_nicknames_other_forms(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("op.rank", &[Role::ControlRoom]).await;
    // The Liams first, so the order they were stored in cannot carry the answer.
    let mut liams = Vec::new();
    for dob in ["1980-01-01", "1981-02-02", "1982-03-03"] {
        liams.push(s.person(&t, "Liam", "Smith", dob).await);
    }
    let mut named = Vec::new();
    for (forename, dob) in [("William", "1983-04-04"), ("William", "1984-05-05"), ("Bill", "1985-06-06")] {
        named.push(s.person(&t, forename, "Smith", dob).await);
    }
    s.settle().await;
    let (status, body) = s.get(&t, "/search/subjects?q=bill%20smith").await;
    assert_eq!(status, 200, "{body}");
    let hits = body["hits"].as_array().unwrap();
    let rank = |id: &String| hits.iter().position(|h| h["person_id"] == id.as_str());
    let worst_named = named.iter().map(|id| rank(id).expect("a William or Bill Smith missing")).max().unwrap();
    let best_liam = liams.iter().map(|id| rank(id).expect("a Liam Smith missing")).min().unwrap();
    assert!(worst_named < best_liam, "a Liam Smith above a William or Bill Smith: {body}");
    assert_eq!(hits[0]["person_id"], named[2].as_str(), "Bill Smith, exactly as typed, first: {body}");
    let liam = &hits[best_liam];
    assert!(
        liam["why"].as_array().unwrap().iter().any(|w| w == "forename nickname Bill→Liam"),
        "the hit says why it matched: {liam}"
    );
}

both_backends!(an_exact_forename_and_its_full_name_outrank_a_nicknames_other_forms);
