//! What a case keeps of a record it links: an ASB incident (the control
//! room's incident of the anti-social behaviour category, whose sub-type is
//! the ASB category) or a crime report, by id, with its time, place,
//! category and people. Any other record is refused, naming the rule.

use chrono::{DateTime, Utc};

use super::{AsbCategory, LinkedIncident};
use crate::domain::event::{Event, EventDetails};
use crate::domain::incident::IncidentCategory;
use crate::domain::link::LinkedRecord;
use crate::domain::FieldError;

/// `record` as the case links it. A crime report takes `category`, else
/// the case's; an incident its own sub-type.
pub fn linked_incident(
    record: &Event,
    category: Option<AsbCategory>,
    case_category: AsbCategory,
    by: &str,
    now: DateTime<Utc>,
) -> Result<LinkedIncident, FieldError> {
    let field = "action.record_id";
    let (category, place) = match &record.details {
        EventDetails::Incident(d) => {
            let own = (d.category == IncidentCategory::AntiSocialBehaviour)
                .then(|| AsbCategory::from_subtype(&d.subtype))
                .flatten()
                .ok_or_else(|| {
                    FieldError::new(
                        field,
                        format!(
                            "{} is a {} incident: only ASB incidents and crime reports join an ASB case",
                            record.reference,
                            d.category.label().to_lowercase()
                        ),
                    )
                })?;
            if category.is_some_and(|c| c != own) {
                return Err(FieldError::new(
                    "action.category",
                    format!("{} is {} ASB: an incident's category is its own", record.reference, own.as_str()),
                ));
            }
            (own, Some(d.location.one_line()).filter(|p| !p.is_empty()))
        }
        EventDetails::Crime(d) => {
            let place = d.location.as_ref().map(|a| {
                let mut parts: Vec<&str> = a.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
                parts.push(a.postcode.as_str());
                parts.join(", ")
            });
            (category.unwrap_or(case_category), place.or_else(|| record.borough.clone()))
        }
        _ => {
            return Err(FieldError::new(
                field,
                format!(
                    "{} is a {} record: only ASB incidents and crime reports join an ASB case",
                    record.reference, record.kind
                ),
            ))
        }
    };
    Ok(LinkedIncident {
        record: LinkedRecord { kind: record.kind, id: record.id.clone(), reference: record.reference.clone() },
        at: record.occurred_at,
        category,
        place,
        people: record.people.clone(),
        linked_at: now,
        linked_by: by.to_string(),
    })
}

/// The incident whose close opened a case, as the case links it: an
/// incident of another category (closed as ASB all the same) keeps the
/// case's category.
pub fn linking_at_open(incident: &Event, case_category: AsbCategory, by: &str, at: DateTime<Utc>) -> LinkedIncident {
    linked_incident(incident, None, case_category, by, at).unwrap_or_else(|_| LinkedIncident {
        record: LinkedRecord { kind: incident.kind, id: incident.id.clone(), reference: incident.reference.clone() },
        at: incident.occurred_at,
        category: case_category,
        place: match &incident.details {
            EventDetails::Incident(d) => Some(d.location.one_line()).filter(|p| !p.is_empty()),
            _ => incident.borough.clone(),
        },
        people: incident.people.clone(),
        linked_at: at,
        linked_by: by.to_string(),
    })
}
