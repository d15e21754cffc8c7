//! The intelligence lifecycle as typed actions: revise a draft, submit it,
//! evaluate it (an intelligence officer other than its submitter, grading
//! 3x5x2 beside the submitter's), or return it to its author; sanitise
//! (approve the disseminable text), disseminate (each recipient recorded),
//! and review for retention. Pure: the server loads the report, applies an
//! action here and writes the result.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    Dissemination, Evaluation, Grading, IntelligenceDetails, IntelligenceStatus, Priority, RetentionDecision,
    RetentionReview, Sanitisation, Stamp,
};
use crate::domain::error::require_text;
use crate::domain::FieldError;

/// Something done to an intelligence report. On the wire:
/// `{"type": "evaluate", "grading": {"scheme": "3x5x2", …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum IntelligenceAction {
    /// Changes to a draft: only the fields given. A role that may not read
    /// the unsanitised text may not replace it.
    Revise {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        grading: Option<Grading>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<Priority>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sanitised_text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unsanitised_text: Option<String>,
    },
    /// The draft goes to the intelligence unit for evaluation.
    Submit {},
    /// An intelligence officer sends a submitted report back to its author.
    Return { reason: String },
    /// An intelligence officer other than the submitter grades the report
    /// 3x5x2; a source or intelligence grade other than the submitter's
    /// needs its `rationale`.
    Evaluate {
        grading: Grading,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<Priority>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rationale: Option<String>,
    },
    /// An intelligence officer approves the sanitised text (the one given,
    /// or the report's own): nothing in it identifies a source.
    Sanitise {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sanitised_text: Option<String>,
    },
    /// The sanitised report goes to these people or units, for this purpose.
    Disseminate { recipients: Vec<String>, purpose: String },
    /// Whether the report is still needed; a retained one says when it is
    /// reviewed again.
    ReviewRetention {
        decision: RetentionDecision,
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_review: Option<NaiveDate>,
    },
}

/// Who may take an action, beyond those who write intelligence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    /// Anyone who writes intelligence (its author, usually).
    Author,
    /// An intelligence officer (the intelligence unit).
    IntelligenceOfficer,
}

use IntelligenceStatus as S;

impl IntelligenceAction {
    pub fn name(&self) -> &'static str {
        match self {
            IntelligenceAction::Revise { .. } => "revise",
            IntelligenceAction::Submit { .. } => "submit",
            IntelligenceAction::Return { .. } => "return",
            IntelligenceAction::Evaluate { .. } => "evaluate",
            IntelligenceAction::Sanitise { .. } => "sanitise",
            IntelligenceAction::Disseminate { .. } => "disseminate",
            IntelligenceAction::ReviewRetention { .. } => "review for retention",
        }
    }

    pub fn authority(&self) -> Authority {
        match self {
            IntelligenceAction::Revise { .. } | IntelligenceAction::Submit { .. } => Authority::Author,
            _ => Authority::IntelligenceOfficer,
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [IntelligenceStatus] {
        match self {
            IntelligenceAction::Revise { .. } | IntelligenceAction::Submit { .. } => &[S::Draft],
            IntelligenceAction::Return { .. } | IntelligenceAction::Evaluate { .. } => &[S::Submitted],
            IntelligenceAction::Sanitise { .. } => &[S::Evaluated, S::Sanitised],
            IntelligenceAction::Disseminate { .. } => &[S::Sanitised, S::Disseminated],
            IntelligenceAction::ReviewRetention { .. } => &[S::Evaluated, S::Sanitised, S::Disseminated, S::Reviewed],
        }
    }

    /// The reason recorded in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            IntelligenceAction::Revise { .. } => "intelligence: draft revised".into(),
            IntelligenceAction::Submit { .. } => "intelligence submitted for evaluation".into(),
            IntelligenceAction::Return { reason } => format!("intelligence returned to its author: {}", reason.trim()),
            IntelligenceAction::Evaluate { grading, .. } => format!("intelligence evaluated {}", grading.code()),
            IntelligenceAction::Sanitise { .. } => "intelligence: sanitised text approved".into(),
            IntelligenceAction::Disseminate { purpose, .. } => format!("intelligence disseminated: {}", purpose.trim()),
            IntelligenceAction::ReviewRetention { decision: RetentionDecision::Retain, .. } => {
                "intelligence reviewed: retained".into()
            }
            IntelligenceAction::ReviewRetention { decision: RetentionDecision::Dispose, .. } => {
                "intelligence reviewed: to be disposed of".into()
            }
        }
    }
}

/// Who acts, and when.
pub struct Acting<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    /// Whether the actor may read the unsanitised text.
    pub reads_unsanitised: bool,
}

fn trimmed(field: &str, text: &str) -> Result<String, FieldError> {
    require_text(field, text)?;
    Ok(text.trim().to_string())
}

/// The report after `action`, or the rule it breaks (named by its field
/// within `action`).
pub fn apply(
    report: &IntelligenceDetails,
    action: &IntelligenceAction,
    at: &Acting<'_>,
) -> Result<IntelligenceDetails, FieldError> {
    apply_inner(report, action, at).map_err(|e| e.within("action"))
}

fn apply_inner(
    report: &IntelligenceDetails,
    action: &IntelligenceAction,
    at: &Acting<'_>,
) -> Result<IntelligenceDetails, FieldError> {
    let current = report.status;
    if !action.allowed_from().contains(&current) {
        let why = match (action, current) {
            (IntelligenceAction::Disseminate { .. }, S::Draft | S::Submitted | S::Evaluated) => {
                "a report is sanitised, its sanitised text approved, before it is disseminated".to_string()
            }
            _ => format!("cannot {} a report that is {}", action.name(), current.as_str()),
        };
        return Err(FieldError::new("type", why));
    }
    let mut d = report.clone();
    let stamp = || Stamp { at: at.now, by: at.by.to_string() };
    match action {
        IntelligenceAction::Revise { grading, priority, sanitised_text, unsanitised_text } => {
            if let Some(g) = grading {
                d.grading = g.clone();
            }
            if let Some(p) = priority {
                d.priority = *p;
            }
            if let Some(text) = sanitised_text {
                d.sanitised_text = trimmed("sanitised_text", text)?;
            }
            if let Some(text) = unsanitised_text {
                // What the role was never shown it may not overwrite.
                if !at.reads_unsanitised && d.unsanitised_text.as_deref().is_some_and(|old| old != text) {
                    return Err(FieldError::new(
                        "unsanitised_text",
                        "your role may not read the unsanitised text, so it may not change it: leave it out to keep it",
                    ));
                }
                d.unsanitised_text = Some(trimmed("unsanitised_text", text)?);
            }
            if grading.is_none() && priority.is_none() && sanitised_text.is_none() && unsanitised_text.is_none() {
                return Err(FieldError::new("type", "a revision changes at least one field"));
            }
            d.validate()?;
        }
        IntelligenceAction::Submit {} => {
            d.submission = Some(stamp());
            d.status = S::Submitted;
        }
        IntelligenceAction::Return { reason } => {
            trimmed("reason", reason)?;
            d.submission = None;
            d.status = S::Draft;
        }
        IntelligenceAction::Evaluate { grading, priority, rationale } => {
            if !matches!(grading, Grading::ThreeFiveTwo { .. }) {
                return Err(FieldError::new("grading", "an evaluation grades 3x5x2"));
            }
            grading.validate().map_err(|e| e.within("grading"))?;
            if d.submission.as_ref().is_some_and(|s| s.by == at.by) {
                return Err(FieldError::new(
                    "type",
                    "a report is evaluated by an intelligence officer other than its submitter",
                ));
            }
            let rationale = rationale.as_deref().map(|r| trimmed("rationale", r)).transpose()?;
            if !same_grades(&d.grading, grading) && rationale.is_none() {
                return Err(FieldError::new(
                    "rationale",
                    format!(
                        "the source or intelligence grade differs from the submitter's ({}): say why",
                        d.grading.code()
                    ),
                ));
            }
            d.evaluation = Some(Evaluation {
                submitted: d.grading.clone(),
                evaluated: grading.clone(),
                rationale,
                at: at.now,
                by: at.by.to_string(),
            });
            d.grading = grading.clone();
            if let Some(p) = priority {
                d.priority = *p;
            }
            d.status = S::Evaluated;
        }
        IntelligenceAction::Sanitise { sanitised_text } => {
            if let Some(text) = sanitised_text {
                d.sanitised_text = trimmed("sanitised_text", text)?;
            }
            if d.unsanitised_text.as_deref().is_some_and(|u| u.trim() == d.sanitised_text.trim()) {
                return Err(FieldError::new(
                    "sanitised_text",
                    "is the unsanitised text word for word: it would disclose what identifies the source",
                ));
            }
            d.sanitisation = Some(Sanitisation { approved_by: at.by.to_string(), at: at.now });
            d.status = S::Sanitised;
        }
        IntelligenceAction::Disseminate { recipients, purpose } => {
            let mut named: Vec<String> = Vec::new();
            for (i, r) in recipients.iter().enumerate() {
                let r = trimmed(&format!("recipients[{i}]"), r)?;
                if !named.contains(&r) {
                    named.push(r);
                }
            }
            if named.is_empty() {
                return Err(FieldError::new("recipients", "name at least one recipient (a person or a unit)"));
            }
            let purpose = trimmed("purpose", purpose)?;
            let conditions = d.conditions().map(str::to_string);
            d.disseminations.push(Dissemination {
                recipients: named,
                purpose,
                conditions,
                at: at.now,
                by: at.by.to_string(),
            });
            d.status = S::Disseminated;
        }
        IntelligenceAction::ReviewRetention { decision, note, next_review } => {
            let note = trimmed("note", note)?;
            let today = at.now.date_naive();
            match (decision, next_review) {
                (RetentionDecision::Retain, None) => {
                    return Err(FieldError::new("next_review", "a retained report says when it is reviewed again"))
                }
                (RetentionDecision::Retain, Some(next)) if *next <= today => {
                    return Err(FieldError::new("next_review", "must be after today"))
                }
                (RetentionDecision::Dispose, Some(_)) => {
                    return Err(FieldError::new("next_review", "a report to be disposed of is not reviewed again"))
                }
                _ => {}
            }
            d.retention_reviews.push(RetentionReview {
                decision: *decision,
                note,
                next_review: *next_review,
                at: at.now,
                by: at.by.to_string(),
            });
            d.status = S::Reviewed;
        }
    }
    Ok(d)
}

/// Whether two gradings give the same source and intelligence grades (the
/// submitter's judgement the evaluator checks).
fn same_grades(a: &Grading, b: &Grading) -> bool {
    match (a, b) {
        (
            Grading::ThreeFiveTwo { source: s1, intelligence: i1, .. },
            Grading::ThreeFiveTwo { source: s2, intelligence: i2, .. },
        ) => s1 == s2 && i1 == i2,
        _ => false,
    }
}
