//! One action applied to an ASB case under the desk's rules; what it
//! refuses, it refuses naming the field and the rule, changing nothing.

use super::lifecycle::{is_open, Acting, AsbAction, AsbState};
use super::standing::{is_victim_role, standing};
use super::{AsbClosure, AsbLogEntry, CaseReview, ReviewOutcome, RiskAssessment, ToolUsed};
use crate::domain::error::require_text;
use crate::domain::event::OpenClosed;
use crate::domain::FieldError;

pub fn apply(before: &AsbState, action: &AsbAction, at: &Acting<'_>) -> Result<AsbState, FieldError> {
    let mut next = before.clone();
    let d = &mut next.details;
    if !is_open(d) {
        return Err(FieldError::new("action.type", format!("the case is closed: cannot {} it", action.name())));
    }
    let line = match action {
        AsbAction::LinkIncident { record_id, .. } => {
            if let Some(already) = d.linked(record_id) {
                return Err(FieldError::new(
                    "action.record_id",
                    format!("{} is already linked to this case: an incident is linked once", already.record.reference),
                ));
            }
            let linked = at
                .linking
                .clone()
                .ok_or_else(|| FieldError::new("action.record_id", "the record to link was not read"))?;
            if linked.record.id != *record_id {
                return Err(FieldError::new("action.record_id", "the record read is not the one named"));
            }
            for p in &linked.people {
                if !next.people.iter().any(|q| q.person_id == p.person_id && q.role == p.role) {
                    next.people.push(p.clone());
                }
            }
            let line = format!("Linked {} ({})", linked.record.reference, linked.category.as_str());
            let i = d.incidents.partition_point(|i| i.at <= linked.at);
            d.incidents.insert(i, linked);
            line
        }
        AsbAction::UnlinkIncident { record_id, reason } => {
            require_text("action.reason", reason)?;
            let i = d.incidents.iter().position(|i| i.record.id == *record_id).ok_or_else(|| {
                FieldError::new("action.record_id", format!("'{record_id}' is not linked to this case"))
            })?;
            let gone = d.incidents.remove(i);
            format!("Unlinked {}: {}", gone.record.reference, reason.trim())
        }
        AsbAction::AssessRisk { person_id, risk, reasons } => {
            require_text("action.reasons", reasons)?;
            let victim = before.people.iter().any(|p| p.person_id == *person_id && is_victim_role(p.role))
                || d.incidents
                    .iter()
                    .any(|i| i.people.iter().any(|p| p.person_id == *person_id && is_victim_role(p.role)));
            if !victim {
                return Err(FieldError::new(
                    "action.person_id",
                    "a risk assessment is of a victim: a victim or complainant on the case or a linked incident",
                ));
            }
            d.risk_assessments.push(RiskAssessment {
                person_id: person_id.clone(),
                risk: *risk,
                reasons: reasons.trim().to_string(),
                at: at.now,
                by: at.by.to_string(),
            });
            format!(
                "Risk assessed {}: {}",
                serde_json::to_value(risk).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                reasons.trim()
            )
        }
        AsbAction::RequestReview { override_reason } => {
            if d.pending_review().is_some() {
                return Err(FieldError::new("action.type", "a case review is already requested and not yet recorded"));
            }
            let trigger = standing(d, at.rules, at.now).trigger;
            let override_reason = match (trigger.met, override_reason) {
                (true, _) => None,
                (false, Some(r)) => {
                    require_text("action.override_reason", r)?;
                    Some(r.trim().to_string())
                }
                (false, None) => {
                    return Err(FieldError::new(
                        "action.override_reason",
                        format!(
                            "the case review trigger is not met ({} of {} incidents in {} days): a supervisor may \
                             override it with a reason",
                            trigger.incidents_in_window, trigger.threshold, trigger.window_days
                        ),
                    ))
                }
            };
            let line = match &override_reason {
                Some(r) => format!("Case review requested before the trigger: {r}"),
                None => format!(
                    "Case review requested: {} incidents in {} days",
                    trigger.incidents_in_window, trigger.window_days
                ),
            };
            d.reviews.push(CaseReview {
                requested_at: at.now,
                requested_by: at.by.to_string(),
                incidents_in_window: trigger.incidents_in_window,
                trigger_met: trigger.met,
                override_reason,
                outcome: None,
            });
            line
        }
        AsbAction::RecordReview { panel, decision, action_plan } => {
            let panel: Vec<String> = panel.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            if panel.is_empty() {
                return Err(FieldError::new("action.panel", "name who sat on the panel"));
            }
            require_text("action.decision", decision)?;
            require_text("action.action_plan", action_plan)?;
            let review = d
                .reviews
                .iter_mut()
                .find(|r| r.outcome.is_none())
                .ok_or_else(|| FieldError::new("action.type", "no case review is requested: request one first"))?;
            review.outcome = Some(ReviewOutcome {
                at: at.now,
                by: at.by.to_string(),
                panel: panel.clone(),
                decision: decision.trim().to_string(),
                action_plan: action_plan.trim().to_string(),
            });
            format!("Case review held ({}): {}", panel.join(", "), decision.trim())
        }
        AsbAction::RecordTool { tool, person_id, from, until, note } => {
            if let Some(p) = person_id {
                if !before.people.iter().any(|q| q.person_id == *p) {
                    return Err(FieldError::new(
                        "action.person_id",
                        "the person a tool is used on is named on the case",
                    ));
                }
            } else if !matches!(
                tool,
                super::AsbTool::ClosureNotice | super::AsbTool::ClosureOrder | super::AsbTool::DispersalDirection
            ) {
                return Err(FieldError::new(
                    "action.person_id",
                    format!("a {} is served on a person: name them", tool.label()),
                ));
            }
            if *from > at.now.date_naive() {
                return Err(FieldError::new("action.from", "is in the future: record a tool once it is used"));
            }
            if until.is_some_and(|u| u < *from) {
                return Err(FieldError::new("action.until", "is before the tool's start"));
            }
            if tool.is_court_order() && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(FieldError::new("action.note", format!("a {} names the court that made it", tool.label())));
            }
            d.tools.push(ToolUsed {
                tool: *tool,
                person_id: person_id.clone(),
                from: *from,
                until: *until,
                note: note.as_ref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
                at: at.now,
                by: at.by.to_string(),
            });
            match until {
                Some(u) => format!("{} from {from} until {u}", tool.label()),
                None => format!("{} from {from}", tool.label()),
            }
        }
        AsbAction::Close { result, note } => {
            require_text("action.note", note)?;
            if d.pending_review().is_some() {
                return Err(FieldError::new(
                    "action.type",
                    "a requested case review is not yet recorded: record it before the close",
                ));
            }
            d.closure =
                Some(AsbClosure { at: at.now, by: at.by.to_string(), result: *result, note: note.trim().to_string() });
            d.status = OpenClosed::Closed;
            format!("Closed: {}", note.trim())
        }
    };
    d.log.push(AsbLogEntry { at: at.now, by: at.by.to_string(), text: line });
    Ok(next)
}
