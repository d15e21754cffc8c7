//! `GET /persons/{id}/export`: a subject access disclosure. Everything held
//! on one person — their record, every record they are on and who else is
//! on it, the legacy rows they were made from with the linkage evidence,
//! possible matches, and the history of who consulted, changed or disclosed
//! any of it — with the redactions the disclosing officer chooses, and
//! recorded in the audit as a disclosure of each record it hands over.

use std::collections::{BTreeSet, HashMap};

use axum::extract::State;
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::required_reason;
use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{Path, Query};
use super::persons::assemble;
use super::AppState;
use crate::api::errors;
use crate::api::linkage::ReviewPair;
use crate::api::subject_access::{
    AppliedRedaction, Disclosure, ExportQuery, PersonOnRecord, Redaction, SourceEvent, SubjectAccessExport,
    WithheldRecord, LAYOUT,
};
use crate::domain::disclosure::{redact_third_parties, ThirdParty, WITHHELD};
use crate::domain::event::{EventDetails, EventKind};
use crate::domain::link::LinkTarget;
use crate::domain::person::Person;
use crate::store::AuditRecord;

pub fn routes() -> Router<AppState> {
    Router::new().route("/persons/{id}/export", get(export))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/export",
    params(("id" = String, Path), ExportQuery),
    responses((status = 200, body = SubjectAccessExport), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Invalid))]
/// Everything held on one person for a subject access request, in the
/// layout of `docs/subject-access.md`, redacted as asked: a disclosure,
/// admins only.
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> ApiResult<JsonOut<SubjectAccessExport>> {
    caller.require(caller.roles.is_admin(), "exporting person records")?;
    let reason = required_reason(q.reason)?;
    let redactions = Redaction::parse_list("redact", q.redact.as_deref().unwrap_or_default())?;
    let person = state.store.person(&id).await?;
    let mut export = gather(&state, person, &caller.username, &reason).await?;
    if redactions.contains(&Redaction::Intelligence) || redactions.contains(&Redaction::IntelligenceRecords) {
        withhold_unsanitised(&mut export);
    }
    if redactions.contains(&Redaction::IntelligenceRecords) {
        withhold_intelligence(&mut export);
    }
    if redactions.contains(&Redaction::ThirdParties) {
        export = without_third_parties(&state, export).await?;
    }
    export.disclosure.redactions = redactions
        .iter()
        .map(|&redaction| AppliedRedaction { redaction, exemption: redaction.exemption().to_string() })
        .collect();
    record_disclosure(&state, &caller, &reason, &export, &redactions).await?;
    Ok(JsonOut(export))
}

/// Everything held, unredacted.
async fn gather(state: &AppState, person: Person, by: &str, reason: &str) -> ApiResult<SubjectAccessExport> {
    let id = person.id.clone();
    let profile = assemble(state, person, by, None).await?;
    let events: Vec<_> = profile.timeline.iter().filter_map(|t| t.event.as_ref()).collect();
    let on_records: Vec<String> = events
        .iter()
        .flat_map(|e| e.people.iter().map(|p| p.person_id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: HashMap<String, String> =
        state.store.persons_by_ids(&on_records).await?.into_iter().map(|p| (p.id.clone(), p.display_name())).collect();
    let people_on_records = events
        .iter()
        .flat_map(|e| {
            e.people.iter().map(|p| PersonOnRecord {
                event_id: e.id.clone(),
                person_id: p.person_id.clone(),
                name: names.get(&p.person_id).cloned().unwrap_or_else(|| "(no longer held)".into()),
                role: p.role,
                subject: p.person_id == id,
            })
        })
        .collect();
    let source_events = state
        .store
        .person_import_events(&id)
        .await?
        .into_iter()
        .map(|r| SourceEvent {
            source: r.source,
            source_ref: r.source_ref,
            event_id: r.event_id,
            kind: r.kind,
            nominal_source: r.nominal_source,
            nominal_ref: r.nominal_ref,
        })
        .collect();
    let source_records = state.store.person_import_rows(&id).await?;
    let possible_matches = state
        .store
        .person_reviews(&id)
        .await?
        .into_iter()
        .map(|r| {
            let row = source_records.iter().find(|row| row.source == r.source && row.source_ref == r.source_ref);
            ReviewPair {
                evidence: row.map(|row| row.fields()).unwrap_or_default(),
                source: r.source,
                source_ref: r.source_ref,
                person_id: r.person_id,
                candidate_id: r.candidate_id,
                score: r.score,
                status: r.status,
                record: None,
                candidate: None,
            }
        })
        .collect();
    let mut records = vec![id.clone()];
    records.extend(profile.timeline.iter().map(|t| t.id.clone()));
    let history = state.store.audit_of_records(&records).await?;
    Ok(SubjectAccessExport {
        layout: LAYOUT.to_string(),
        disclosure: Disclosure {
            at: Utc::now(),
            by: by.to_string(),
            reason: reason.to_string(),
            redactions: Vec::new(),
            withheld: Vec::new(),
        },
        profile,
        source_records,
        people_on_records,
        source_events,
        possible_matches,
        history,
    })
}

/// Intelligence reports keep their sanitised text only.
fn withhold_unsanitised(export: &mut SubjectAccessExport) {
    for entry in &mut export.profile.timeline {
        if let Some(EventDetails::Intelligence(d)) = entry.event.as_mut().map(|e| &mut e.details) {
            if d.unsanitised_text.is_some() {
                d.unsanitised_text = Some(WITHHELD.to_string());
            }
        }
    }
}

/// Intelligence reports are left out whole: the timeline keeps that one
/// exists and when (marked withheld), the disclosure says why, and nothing
/// else about it remains — who is on it, its source row, its history.
fn withhold_intelligence(export: &mut SubjectAccessExport) {
    let exemption = Redaction::IntelligenceRecords.exemption();
    let mut withheld = BTreeSet::new();
    for entry in export.profile.timeline.iter_mut().filter(|t| t.kind == EventKind::Intelligence) {
        entry.event = None;
        entry.withheld = true;
        withheld.insert(entry.id.clone());
        export.disclosure.withheld.push(WithheldRecord {
            id: entry.id.clone(),
            kind: entry.kind,
            exemption: exemption.to_string(),
        });
    }
    export.people_on_records.retain(|p| !withheld.contains(&p.event_id));
    export.source_events.retain(|s| s.kind != EventKind::Intelligence);
    export.history.retain(|h| !withheld.contains(&h.record_id));
}

/// Other people's names and ids become "[third party]" everywhere but in
/// the person's own record.
async fn without_third_parties(state: &AppState, export: SubjectAccessExport) -> ApiResult<SubjectAccessExport> {
    let subject = &export.profile.person;
    let mut others: BTreeSet<String> = export.people_on_records.iter().map(|p| p.person_id.clone()).collect();
    others.extend(export.profile.associates.iter().map(|a| a.person_id.clone()));
    for link in export.profile.links.iter().filter(|l| l.target == LinkTarget::Person) {
        others.extend([link.person_id.clone(), link.target_id.clone()]);
    }
    for m in &export.possible_matches {
        others.extend([m.person_id.clone(), m.candidate_id.clone()]);
    }
    others.remove(&subject.id);
    let ids: Vec<String> = others.iter().cloned().collect();
    let mut parties: Vec<ThirdParty> = state
        .store
        .persons_by_ids(&ids)
        .await?
        .into_iter()
        .map(|p| ThirdParty {
            names: p.details.names.iter().map(|n| (n.forenames.clone(), n.surname.clone())).collect(),
            id: p.id,
        })
        .collect();
    // Someone no longer held still has an id on records.
    let held: BTreeSet<String> = parties.iter().map(|p| p.id.clone()).collect();
    parties.extend(others.difference(&held).map(|id| ThirdParty { id: id.clone(), names: Vec::new() }));
    let own_words: Vec<String> = subject
        .details
        .names
        .iter()
        .flat_map(|n| n.forenames.split_whitespace().chain(n.surname.split_whitespace()))
        .map(str::to_string)
        .collect();
    let mut document = serde_json::to_value(&export).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(sections) = document.as_object_mut() {
        for (name, section) in sections.iter_mut() {
            if name != "person" && name != "disclosure" {
                redact_third_parties(section, &parties, &own_words);
            }
        }
    }
    serde_json::from_value(document).map_err(|e| ApiError::Internal(format!("a redacted export no longer reads: {e}")))
}

/// The disclosure on record before anything is handed over: one entry for
/// the person and one for each record disclosed, with the redactions made.
async fn record_disclosure(
    state: &AppState,
    caller: &Caller,
    reason: &str,
    export: &SubjectAccessExport,
    redactions: &[Redaction],
) -> ApiResult<()> {
    let detail = if redactions.is_empty() {
        "subject access export, unredacted".to_string()
    } else {
        let names: Vec<&str> = redactions.iter().map(|r| r.as_str()).collect();
        format!("subject access export, redacted: {}", names.join(", "))
    };
    let mut records = vec![AuditRecord {
        action: "disclosure",
        record_kind: "person",
        record_id: &export.profile.person.id,
        detail: &detail,
    }];
    for entry in export.profile.timeline.iter().filter(|t| !t.withheld) {
        records.push(AuditRecord {
            action: "disclosure",
            record_kind: entry.kind.as_str(),
            record_id: &entry.id,
            detail: &detail,
        });
    }
    state.store.record_access(&caller.actor(reason), &records).await?;
    Ok(())
}
