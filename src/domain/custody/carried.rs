//! Detention carried over from before bail (PACE s.47(6)): a person held
//! again on answering pre-charge bail for the same offence has the time they
//! already spent in police detention before bail counted, so the detention
//! clock, its limits and the reviews carry on from where they stopped rather
//! than restarting. An arrest for a new offence starts a fresh clock
//! (s.47(7)); one for the bailed offence among others carries, which is the
//! reading that never holds anyone longer.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::bail::BailKind;
use crate::domain::event::{CustodyDetails, EventKind};
use crate::domain::link::LinkedRecord;

/// Time already spent in police detention for the same offence, on an
/// earlier custody record that ended in pre-charge bail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarriedDetention {
    /// The custody record the earlier detention is on.
    pub from: LinkedRecord,
    /// Seconds spent there up to bail, with any that record itself carried.
    pub seconds: i64,
}

impl CarriedDetention {
    pub fn duration(&self) -> Duration {
        Duration::seconds(self.seconds)
    }

    /// "carried 6h 10m from CU/26/BX/0042", for the board and the CLI.
    pub fn label(&self) -> String {
        format!("carried {}", self.span())
    }

    /// "6h 10m from CU/26/BX/0042": the time (whole minutes) and the record.
    pub fn span(&self) -> String {
        let minutes = self.seconds.max(0) / 60;
        format!("{}h {:02}m from {}", minutes / 60, minutes % 60, self.from.reference)
    }
}

impl CustodyDetails {
    /// When the detention clock counts from: the relevant time, less any
    /// detention carried from before bail.
    pub fn clock_start(&self) -> DateTime<Utc> {
        self.less_carried(self.relevant_time)
    }

    /// When detention counts as first authorised, for the review schedule
    /// (s.40(3)): the authorisation, less any detention carried.
    pub fn reviews_from(&self) -> DateTime<Utc> {
        self.less_carried(self.detention_authorised_at)
    }

    fn less_carried(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        match &self.carried {
            Some(c) => t.checked_sub_signed(c.duration()).unwrap_or(DateTime::<Utc>::MIN_UTC),
            None => t,
        }
    }
}

/// What answering the bail on `earlier` (custody record `id`, `reference`)
/// carries onto a new record for `offences`: the detention it spent up to
/// bail, when that was pre-charge bail and one of its offences is among
/// `offences` (compared without case or surrounding spaces). Nothing for a
/// new offence, a release under investigation or bail to court.
pub fn carried_from(
    id: &str,
    reference: &str,
    earlier: &CustodyDetails,
    offences: &[String],
) -> Option<CarriedDetention> {
    let bail = earlier.bail.as_deref().filter(|b| b.kind == BailKind::PreCharge)?;
    let same = |o: &String| earlier.offences.iter().any(|e| e.trim().eq_ignore_ascii_case(o.trim()));
    if !offences.iter().any(same) {
        return None;
    }
    let spent = (bail.granted_at - earlier.clock_start()).max(Duration::zero());
    Some(CarriedDetention {
        from: LinkedRecord { kind: EventKind::Custody, id: id.to_string(), reference: reference.to_string() },
        seconds: spent.num_seconds(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bail::{Bail, BailAuthority, BailStatus};
    use crate::domain::pace::fixtures::record_from as pace_record;
    use crate::domain::pace::{self, PaceRules};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Arrived 10:00, authorised 10:15, bailed at 16:10: 6 h 10 m spent.
    fn bailed(kind: BailKind) -> CustodyDetails {
        let mut r = pace_record(t("2026-07-01T10:00:00Z"));
        r.bail = Some(Box::new(Bail {
            kind,
            status: BailStatus::Running,
            granted_at: t("2026-07-01T16:10:00Z"),
            authority: BailAuthority { by: "ps".into(), role: "custody_sergeant".into() },
            return_at: Some(t("2026-08-01T10:00:00Z")),
            return_place: None,
            conditions: Vec::new(),
            limit_on: None,
            extensions: Vec::new(),
            closure: None,
        }));
        r
    }

    fn burglary() -> Vec<String> {
        vec![" burglary ".into()]
    }

    #[test]
    fn the_time_before_bail_is_carried_for_the_same_offence() {
        let c = carried_from("ev-1", "CU/26/BX/0001", &bailed(BailKind::PreCharge), &burglary()).unwrap();
        assert_eq!(c.duration(), Duration::minutes(370));
        assert_eq!(c.label(), "carried 6h 10m from CU/26/BX/0001");
    }

    #[test]
    fn a_new_offence_or_other_bail_carries_nothing() {
        let earlier = bailed(BailKind::PreCharge);
        assert_eq!(carried_from("ev-1", "R", &earlier, &["Criminal damage".into()]), None);
        let mixed = vec!["Criminal damage".to_string(), "Burglary".to_string()];
        assert!(carried_from("ev-1", "R", &earlier, &mixed).is_some(), "the bailed offence among others");
        assert_eq!(carried_from("ev-1", "R", &bailed(BailKind::ReleasedUnderInvestigation), &burglary()), None);
        assert_eq!(carried_from("ev-1", "R", &bailed(BailKind::ToCourt), &burglary()), None);
        assert_eq!(carried_from("ev-1", "R", &pace_record(t("2026-07-01T10:00:00Z")), &burglary()), None);
    }

    #[test]
    fn carried_time_accumulates_over_a_second_bail() {
        let mut second = bailed(BailKind::PreCharge);
        second.carried = Some(CarriedDetention {
            from: LinkedRecord { kind: EventKind::Custody, id: "ev-0".into(), reference: "R0".into() },
            seconds: 3600,
        });
        let c = carried_from("ev-1", "R1", &second, &burglary()).unwrap();
        assert_eq!(c.duration(), Duration::minutes(430));
    }

    #[test]
    fn the_clock_and_reviews_carry_on_from_the_time_spent() {
        let mut again = pace_record(t("2026-08-01T10:00:00Z"));
        assert_eq!(pace::detention_limit(&again), t("2026-08-02T10:00:00Z"));
        again.carried = carried_from("ev-1", "R", &bailed(BailKind::PreCharge), &burglary());
        // 24 h less the 6 h 10 m already spent.
        assert_eq!(pace::detention_limit(&again), t("2026-08-02T03:50:00Z"));
        // The first review was due 6 h into detention: due once detention is authorised.
        assert_eq!(pace::next_review_due(&again), Some(t("2026-08-01T10:15:00Z")));
        let mut short = again.clone();
        short.carried.as_mut().unwrap().seconds = 3600;
        assert_eq!(pace::next_review_due(&short), Some(t("2026-08-01T15:15:00Z")));
        let rules = PaceRules::default();
        assert_eq!(rules.time_remaining(&again, t("2026-08-01T10:00:00Z")), Duration::minutes(17 * 60 + 50));
    }

    #[test]
    fn carried_time_beyond_the_limit_leaves_the_clock_expired() {
        let mut earlier = bailed(BailKind::PreCharge);
        earlier.bail.as_mut().unwrap().granted_at = t("2026-07-02T11:00:00Z");
        let mut again = pace_record(t("2026-08-01T10:00:00Z"));
        again.carried = carried_from("ev-1", "R", &earlier, &burglary());
        assert_eq!(pace::detention_limit(&again), t("2026-08-01T09:00:00Z"));
        let status = pace::status_at(&again, t("2026-08-01T10:00:00Z"));
        assert!(status.alerts.iter().any(|a| a.kind == pace::AlertKind::ClockExpired), "{status:?}");
    }
}
