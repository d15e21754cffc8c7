//! Keeping the intelligence text index in step with the store: built whole
//! at start, then each report the change log names read again.

use std::collections::BTreeSet;
use std::time::Instant;

use crate::api::Change;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::intelligence::IntelligenceStatus;
use crate::search::intel::{IntelBuilder, IntelIndex, ReportText};
use crate::store::{Store, StoreError};

/// Reports read at a time while building.
const PAGE: usize = 2_000;

/// What the index keeps of `event`, if it is a report.
pub fn report_text(event: &Event) -> Option<ReportText> {
    let EventDetails::Intelligence(d) = &event.details else { return None };
    Some(ReportText {
        id: event.id.clone(),
        occurred_at: event.occurred_at.timestamp(),
        draft_of: (d.status == IntelligenceStatus::Draft).then(|| event.provenance.entered_by.clone()),
        code_c: d.conditions().is_some(),
        sanitised: d.sanitised_text.clone(),
        unsanitised: d.unsanitised_text.clone(),
    })
}

/// Reads every report into a fresh index.
pub async fn build(store: &Store) -> Result<IntelIndex, StoreError> {
    let started = Instant::now();
    let mut builder = IntelBuilder::new();
    let mut after = String::new();
    loop {
        let page = store.intelligence_after(&after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        for report in page.iter().filter_map(report_text) {
            builder.add(&report);
        }
    }
    let index = builder.finish();
    let stats = index.stats();
    tracing::info!(
        reports = stats.reports,
        words = stats.words,
        megabytes = stats.bytes / 1_000_000,
        seconds = started.elapsed().as_secs_f64(),
        "intelligence text index ready"
    );
    Ok(index)
}

/// The reports `changes` name, read again and put in `index` (or taken
/// out, when gone).
pub async fn refresh(store: &Store, index: &tokio::sync::RwLock<IntelIndex>, changes: &[Change]) -> anyhow::Result<()> {
    let topic = EventKind::Intelligence.collection();
    let ids: BTreeSet<&String> = changes.iter().filter(|c| c.topic == topic).map(|c| &c.record_id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = ids.into_iter().cloned().collect();
    let found = store.intelligence_by_ids(&ids).await?;
    let mut index = index.write().await;
    for id in &ids {
        match found.iter().find(|e| &e.id == id).and_then(report_text) {
            Some(report) => index.set(&report),
            None => index.remove(id),
        }
    }
    Ok(())
}
