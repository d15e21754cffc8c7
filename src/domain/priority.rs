//! Warrant priority: a configurable, explainable score. Every point comes
//! with a reason, so the queue can say why a warrant sits where it does.
//!
//! Offence seriousness is read from the offence text with a small keyword
//! table: high (murder, manslaughter, rape, sexual offences, robbery, GBH,
//! wounding, firearms, kidnap, arson, threats to kill), medium (burglary,
//! ABH, assault, knives and weapons, drug supply, harassment, stalking,
//! affray), low (theft, shoplifting, criminal damage, fine default, driving
//! offences, public order, fraud). An offence matching none counts as medium-low.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::event::{WarrantDetails, WarrantKind};
use super::FieldError;

/// How serious the offence on a warrant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seriousness {
    Low,
    Unknown,
    Medium,
    High,
}

impl Seriousness {
    pub fn as_str(self) -> &'static str {
        match self {
            Seriousness::Low => "low",
            Seriousness::Unknown => "unlisted",
            Seriousness::Medium => "medium",
            Seriousness::High => "high",
        }
    }
}

/// Checked in order, high first: "robbery" must win over "theft" in
/// "robbery and theft".
const HIGH: &[&str] = &[
    "murder",
    "manslaughter",
    "rape",
    "sexual",
    "robbery",
    "gbh",
    "grievous bodily harm",
    "wounding",
    "firearm",
    "kidnap",
    "arson",
    "threats to kill",
    "attempted murder",
];
const MEDIUM: &[&str] = &[
    "burglary",
    "abh",
    "actual bodily harm",
    "assault",
    "knife",
    "bladed article",
    "offensive weapon",
    "supply",
    "possession with intent",
    "harassment",
    "stalking",
    "affray",
    "controlling",
];
const LOW: &[&str] = &[
    "theft",
    "shoplifting",
    "criminal damage",
    "fine default",
    "non-payment",
    "driving",
    "drink driving",
    "public order",
    "fraud",
    "possession of cannabis",
];

/// Reads the seriousness of an offence from its description.
pub fn seriousness(offence: &str) -> (Seriousness, Option<&'static str>) {
    let text = offence.to_lowercase();
    for (level, table) in [(Seriousness::High, HIGH), (Seriousness::Medium, MEDIUM), (Seriousness::Low, LOW)] {
        if let Some(word) = table.iter().find(|w| contains_word(&text, w)) {
            return (level, Some(*word));
        }
    }
    (Seriousness::Unknown, None)
}

/// Whole-word match, so "abh" does not hit "rehabilitation".
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// The weights behind the score; a force may set its own (the server's
/// config file, `[warrant_priority]`). A key left out keeps its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorityRules {
    pub high_offence: i32,
    pub medium_offence: i32,
    pub unknown_offence: i32,
    pub low_offence: i32,
    pub violence: i32,
    pub domestic_abuse: i32,
    pub safeguarding: i32,
    pub failure_to_appear: i32,
    /// Added on top when the failure to appear was for a serious offence.
    pub failure_to_appear_serious: i32,
    /// One point for each this many days the warrant has been outstanding…
    pub age_days_per_point: i64,
    /// …up to this many points.
    pub age_cap: i32,
    /// Scores from this are shown HIGH.
    pub high_from: i32,
    /// Scores from this (below `high_from`) are shown MED; the rest low.
    pub medium_from: i32,
}

impl Default for PriorityRules {
    fn default() -> Self {
        Self {
            high_offence: 40,
            medium_offence: 20,
            unknown_offence: 10,
            low_offence: 5,
            violence: 25,
            domestic_abuse: 20,
            safeguarding: 20,
            failure_to_appear: 10,
            failure_to_appear_serious: 15,
            age_days_per_point: 30,
            age_cap: 12,
            high_from: Bands::default().high_from,
            medium_from: Bands::default().medium_from,
        }
    }
}

/// The score floors of the bands the queue is read and filtered in. They
/// follow the weights a force sets, so they are set beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Bands {
    pub high_from: i32,
    pub medium_from: i32,
}

impl Default for Bands {
    fn default() -> Self {
        Self { high_from: 60, medium_from: 30 }
    }
}

impl PriorityRules {
    /// Weights are points added, never taken away, and age needs a period.
    pub fn validate(&self) -> Result<(), FieldError> {
        let weights = [
            ("high_offence", self.high_offence),
            ("medium_offence", self.medium_offence),
            ("unknown_offence", self.unknown_offence),
            ("low_offence", self.low_offence),
            ("violence", self.violence),
            ("domestic_abuse", self.domestic_abuse),
            ("safeguarding", self.safeguarding),
            ("failure_to_appear", self.failure_to_appear),
            ("failure_to_appear_serious", self.failure_to_appear_serious),
            ("age_cap", self.age_cap),
        ];
        for (name, points) in weights {
            if !(0..=1000).contains(&points) {
                return Err(FieldError::new(name, format!("is {points}; a weight is between 0 and 1000 points")));
            }
        }
        if !(1..=3650).contains(&self.age_days_per_point) {
            return Err(FieldError::new("age_days_per_point", "must be between 1 and 3650 days"));
        }
        if !(0..=10_000).contains(&self.high_from) {
            return Err(FieldError::new(
                "high_from",
                format!("is {}; a score floor is between 0 and 10000", self.high_from),
            ));
        }
        if !(0..=self.high_from).contains(&self.medium_from) {
            return Err(FieldError::new(
                "medium_from",
                format!("is {}; it is between 0 and high_from ({})", self.medium_from, self.high_from),
            ));
        }
        Ok(())
    }

    pub fn bands(&self) -> Bands {
        Bands { high_from: self.high_from, medium_from: self.medium_from }
    }

    /// The part of the score that does not change with time.
    pub fn fixed(&self, w: &WarrantDetails) -> (i32, Vec<String>) {
        let mut total = 0;
        let mut reasons = Vec::new();
        let mut add = |points: i32, why: String| {
            if points != 0 {
                total += points;
                reasons.push(format!("{why} (+{points})"));
            }
        };
        let (level, word) = seriousness(&w.offence);
        let points = match level {
            Seriousness::High => self.high_offence,
            Seriousness::Medium => self.medium_offence,
            Seriousness::Unknown => self.unknown_offence,
            Seriousness::Low => self.low_offence,
        };
        match word {
            Some(word) => add(points, format!("{} seriousness offence: {word}", level.as_str())),
            None => add(points, "offence not in the seriousness table".to_string()),
        }
        if w.violence {
            add(self.violence, "violence".into());
        }
        if w.domestic_abuse {
            add(self.domestic_abuse, "domestic abuse".into());
        }
        if w.safeguarding_concern {
            add(self.safeguarding, "safeguarding concern".into());
        }
        if w.warrant_kind == WarrantKind::Bench {
            add(self.failure_to_appear, "failed to appear".into());
            if level == Seriousness::High {
                add(self.failure_to_appear_serious, "failed to appear for a serious offence".into());
            }
        }
        (total, reasons)
    }

    /// The part that grows while the warrant stays outstanding.
    pub fn age(&self, w: &WarrantDetails, now: DateTime<Utc>) -> (i32, Option<String>) {
        let days = (now.date_naive() - w.issued_on).num_days().max(0);
        let per = self.age_days_per_point.max(1);
        let points = i32::try_from(days / per).unwrap_or(i32::MAX).min(self.age_cap);
        if points > 0 {
            (points, Some(format!("outstanding {days} days (+{points})")))
        } else {
            (0, None)
        }
    }

    /// The score and every reason for it, biggest contributions first.
    pub fn score(&self, w: &WarrantDetails, now: DateTime<Utc>) -> (i32, Vec<String>) {
        let (fixed, mut reasons) = self.fixed(w);
        let (age, why) = self.age(w, now);
        reasons.extend(why);
        (fixed + age, reasons)
    }
}

/// The score under the default rules.
pub fn score(w: &WarrantDetails, now: DateTime<Utc>) -> (i32, Vec<String>) {
    PriorityRules::default().score(w, now)
}

/// The fields of a warrant a typed filter looks in (see
/// [`crate::domain::typed_filter`]): the wanted person's name, reference,
/// offence, court, allocated officer and borough.
pub fn searchable<'a>(
    person_name: &'a str,
    reference: &'a str,
    offence: &'a str,
    issuing_court: &'a str,
    allocated_to: Option<&'a str>,
    borough: Option<&'a str>,
) -> [&'a str; 6] {
    [person_name, reference, offence, issuing_court, allocated_to.unwrap_or(""), borough.unwrap_or("")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::WarrantStatus;
    use chrono::{NaiveDate, TimeZone};

    fn warrant(kind: WarrantKind, offence: &str) -> WarrantDetails {
        WarrantDetails {
            warrant_kind: kind,
            status: WarrantStatus::Circulated,
            issuing_court: "Highbury Corner Magistrates' Court".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            offence: offence.into(),
            violence: false,
            domestic_abuse: false,
            safeguarding_concern: false,
            allocated_to: None,
            attempts: vec![],
            execution: None,
            closure: None,
            case: None,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn seriousness_reads_the_table_high_first() {
        assert_eq!(seriousness("Robbery and theft").0, Seriousness::High);
        assert_eq!(seriousness("Section 18 GBH with intent").0, Seriousness::High);
        assert_eq!(seriousness("Theft from a shop").0, Seriousness::Low);
        assert_eq!(seriousness("Burglary (dwelling)").0, Seriousness::Medium);
        assert_eq!(seriousness("Failing to comply with rehabilitation order").0, Seriousness::Unknown);
    }

    #[test]
    fn the_score_explains_itself() {
        let mut w = warrant(WarrantKind::Bench, "Robbery");
        w.violence = true;
        let (score, reasons) = score(&w, now());
        assert_eq!(score, 40 + 25 + 10 + 15);
        assert_eq!(reasons[0], "high seriousness offence: robbery (+40)");
        assert!(reasons.contains(&"violence (+25)".to_string()));
        assert!(reasons.contains(&"failed to appear for a serious offence (+15)".to_string()));
    }

    #[test]
    fn violence_and_abuse_outrank_a_minor_offence() {
        let mut a = warrant(WarrantKind::ArrestWithoutBail, "Assault");
        a.domestic_abuse = true;
        let b = warrant(WarrantKind::Commitment, "Fine default");
        assert!(score(&a, now()).0 > score(&b, now()).0);
    }

    #[test]
    fn age_adds_a_point_a_month_up_to_the_cap() {
        let w = warrant(WarrantKind::Breach, "Theft");
        let later = Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap();
        let (points, why) = PriorityRules::default().age(&w, later);
        assert_eq!(points, 3);
        assert_eq!(why.unwrap(), "outstanding 90 days (+3)");
        let much_later = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(PriorityRules::default().age(&w, much_later).0, 12);
    }

    #[test]
    fn rules_read_from_a_file_keep_defaults_and_refuse_nonsense() {
        let rules: PriorityRules = toml::from_str("violence = 60").unwrap();
        assert_eq!((rules.violence, rules.high_offence), (60, 40));
        assert!(toml::from_str::<PriorityRules>("violense = 60").is_err());
        let bad = PriorityRules { safeguarding: -5, ..PriorityRules::default() };
        assert_eq!(bad.validate().unwrap_err().field, "safeguarding");
        let bad = PriorityRules { age_days_per_point: 0, ..PriorityRules::default() };
        assert_eq!(bad.validate().unwrap_err().field, "age_days_per_point");
        // Bands in the wrong order are refused; equal ones leave MED empty.
        let bad = PriorityRules { high_from: 40, medium_from: 50, ..PriorityRules::default() };
        let err = bad.validate().unwrap_err();
        assert_eq!(err.field, "medium_from", "{}", err.message);
        assert!(err.message.contains("high_from (40)"), "{}", err.message);
        assert!(PriorityRules { high_from: 50, medium_from: 50, ..PriorityRules::default() }.validate().is_ok());
        let bands: PriorityRules = toml::from_str("high_from = 90").unwrap();
        assert_eq!(bands.bands(), Bands { high_from: 90, medium_from: 30 });
        assert!(PriorityRules::default().validate().is_ok());
    }

    #[test]
    fn rules_are_configurable() {
        let rules = PriorityRules { violence: 100, ..PriorityRules::default() };
        let mut w = warrant(WarrantKind::Breach, "Theft");
        w.violence = true;
        assert_eq!(rules.score(&w, now()).0, 105);
    }
}
