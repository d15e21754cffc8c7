//! The bail a custody outcome grants, written on the record in the same
//! change: pre-charge bail and release under investigation from a release,
//! bail to court from a charge that does not remand. The authority is the
//! custody officer who takes the action, with the role they hold.

use chrono::{DateTime, Utc};

use super::action::CustodyAction;
use super::ActionError;
use crate::domain::bail::{authority_role, Bail, BailAuthority, BailKind, BailTerms};
use crate::domain::charge_case::listed_at;
use crate::domain::event::{CustodyDetails, CustodyOutcome};
use crate::domain::role::Roles;

impl CustodyAction {
    /// Puts on `next` the bail this action grants, if any, checking its terms.
    pub(super) fn grant_bail(
        &self,
        next: &mut CustodyDetails,
        at: DateTime<Utc>,
        by: &str,
        roles: &Roles,
    ) -> Result<(), ActionError> {
        let authority = || BailAuthority { by: by.to_string(), role: authority_role(roles).to_string() };
        let no_terms = BailTerms::default();
        let granted = match self {
            CustodyAction::Release { outcome, bail, bail_until, .. } => {
                let kind = match outcome {
                    CustodyOutcome::PreChargeBail => BailKind::PreCharge,
                    CustodyOutcome::ReleasedUnderInvestigation => BailKind::ReleasedUnderInvestigation,
                    _ if bail.is_some() => {
                        return Err(ActionError::invalid(
                            "bail",
                            "only pre-charge bail or a release under investigation carries bail terms",
                        ))
                    }
                    _ => return Ok(()),
                };
                let terms = bail.as_ref().unwrap_or(&no_terms);
                Bail::grant(kind, terms, &next.suite_id, at, authority(), *bail_until, None)?
            }
            CustodyAction::Charge { remanded: true, bail: Some(_), .. } => {
                return Err(ActionError::invalid("bail", "a defendant remanded in custody is not bailed"));
            }
            CustodyAction::Charge { remanded: false, bail, court, court_date: Some(day), .. } => {
                let terms = bail.as_ref().unwrap_or(&no_terms);
                if terms.return_at.is_some() {
                    return Err(ActionError::invalid(
                        "bail.return_at",
                        "bail to court is answered at the first hearing: give court_date",
                    ));
                }
                let court = Some((court.trim(), listed_at(*day)));
                Bail::grant(BailKind::ToCourt, terms, &next.suite_id, at, authority(), None, court)?
            }
            _ => return Ok(()),
        };
        next.bail = Some(Box::new(granted));
        Ok(())
    }
}
