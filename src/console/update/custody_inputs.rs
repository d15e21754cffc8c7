//! How the custody forms read what a custody officer types: yes or no, a
//! London time (a bare `14:05` is today), a day, a list split on `;`, a
//! right, a release's outcome, and bail conditions in words. Each returns
//! why it cannot read the text, for the form to show beside the input.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;

use super::warrant_form::parse_time;
use crate::domain::bail::BailCondition;
use crate::domain::custody::Right;
use crate::domain::event::CustodyOutcome;

/// `y`/`yes` or `n`/`no`; empty is `default`.
pub fn yes_no(label: &str, typed: &str, default: bool) -> Result<bool, String> {
    match typed.trim().to_lowercase().as_str() {
        "" => Ok(default),
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        other => Err(format!("{label}: '{other}' is not y (yes) or n (no)")),
    }
}

/// A London time as `YYYY-MM-DD HH:MM`, or `HH:MM` for today in London.
pub fn london_time(typed: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let typed = typed.trim();
    let Ok(time) = NaiveTime::parse_from_str(typed, "%H:%M") else {
        return parse_time(typed).map_err(|e| format!("{e} (or HH:MM for today)"));
    };
    let today = now.with_timezone(&London).date_naive();
    match London.from_local_datetime(&NaiveDateTime::new(today, time)) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!("Time '{typed}' does not exist in London today (the clocks went forward)")),
    }
}

/// A day as `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn day(typed: &str) -> Result<NaiveDate, String> {
    let typed = typed.trim();
    NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(typed, "%d/%m/%Y"))
        .map_err(|_| format!("'{typed}' is not a day such as 2026-12-14 or 14/12/2026"))
}

/// Items typed one after another, split on `;`, blanks left out.
pub fn list(typed: &str) -> Vec<String> {
    typed.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

pub const RIGHT_HINT: &str = "1 someone informed · 2 legal advice";

/// The right delayed (only these two may be, PACE ss.56 and 58).
pub fn right(typed: &str) -> Result<Right, String> {
    match typed.trim().to_lowercase().as_str() {
        "1" | "someone informed" | "informed" | "someone" => Ok(Right::SomeoneInformed),
        "2" | "legal advice" | "legal" | "solicitor" => Ok(Right::LegalAdvice),
        other => Err(format!("Right '{other}' is not one of: {RIGHT_HINT}")),
    }
}

/// The outcomes a release records, in the order the form numbers them.
pub const RELEASES: [(CustodyOutcome, &str); 7] = [
    (CustodyOutcome::PreChargeBail, "pre-charge bail"),
    (CustodyOutcome::ReleasedUnderInvestigation, "released under investigation"),
    (CustodyOutcome::NoFurtherAction, "no further action"),
    (CustodyOutcome::ReferredToCps, "referred to CPS"),
    (CustodyOutcome::SimpleCaution, "simple caution"),
    (CustodyOutcome::ConditionalCaution, "conditional caution"),
    (CustodyOutcome::Transferred, "transferred"),
];
pub const RELEASE_HINT: &str =
    "1 pre-charge bail · 2 under investigation · 3 NFA · 4 CPS · 5 caution · 6 conditional caution · 7 transferred";

/// A release's outcome by its number, its words or the start of them.
pub fn outcome(typed: &str) -> Result<CustodyOutcome, String> {
    let lower = typed.trim().to_lowercase();
    if let Some((o, _)) = lower.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| RELEASES.get(i)) {
        return Ok(*o);
    }
    if lower == "nfa" || lower == "cps" || lower == "rui" {
        let word = match lower.as_str() {
            "nfa" => "no further",
            "cps" => "referred",
            _ => "released under",
        };
        return outcome(word);
    }
    let mut found = RELEASES.iter().filter(|(_, words)| !lower.is_empty() && words.starts_with(&lower));
    match (found.next(), found.next()) {
        (Some((o, _)), None) => Ok(*o),
        _ => Err(format!("Outcome '{}' is not one of: {RELEASE_HINT}", typed.trim())),
    }
}

pub const CONDITIONS_HINT: &str =
    "reside ADDRESS; curfew 21:00-07:00 [at ADDRESS]; no contact NAME; report STATION: DAYS";

/// Bail conditions typed one after another, split on `;`.
pub fn conditions(typed: &str) -> Result<Vec<BailCondition>, String> {
    list(typed).iter().map(|c| condition(c)).collect()
}

fn condition(typed: &str) -> Result<BailCondition, String> {
    let lower = typed.to_lowercase();
    let rest = |word: &str| typed.get(word.len()..).unwrap_or_default().trim().to_string();
    let unknown = || format!("Condition '{typed}' is not one of: {CONDITIONS_HINT}");
    if lower.starts_with("reside") {
        let address = rest("reside");
        let address = address.strip_prefix("at ").map(str::to_string).unwrap_or(address);
        return nonempty(address, typed).map(|address| BailCondition::Residence { address });
    }
    if lower.starts_with("curfew") {
        let rest = rest("curfew");
        let (times, address) = match rest.to_lowercase().find(" at ") {
            Some(i) => (rest[..i].trim().to_string(), Some(rest[i + 4..].trim().to_string())),
            None => (rest.clone(), None),
        };
        let (from, until) =
            times.split_once('-').ok_or_else(|| format!("Curfew '{times}' is FROM-UNTIL, such as 21:00-07:00"))?;
        let time = |t: &str| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| format!("Curfew: '{}' is not HH:MM", t.trim()))
        };
        let address = address.filter(|a| !a.is_empty());
        return Ok(BailCondition::Curfew { from: time(from)?, until: time(until)?, address });
    }
    if lower.starts_with("no contact") {
        let person = rest("no contact");
        let person = person.strip_prefix("with ").map(str::to_string).unwrap_or(person);
        return nonempty(person, typed).map(|person| BailCondition::NoContact { person });
    }
    if lower.starts_with("report") {
        let rest = rest("report");
        let rest = rest.strip_prefix("at ").unwrap_or(&rest);
        let (station, days) =
            rest.split_once(':').ok_or_else(|| format!("Reporting '{typed}' is report STATION: DAYS"))?;
        let (station, days) = (station.trim().to_string(), days.trim().to_string());
        if station.is_empty() || days.is_empty() {
            return Err(format!("Reporting '{typed}' names the station and the days"));
        }
        return Ok(BailCondition::Reporting { station, days });
    }
    Err(unknown())
}

fn nonempty(text: String, typed: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err(format!("Condition '{typed}' says what or whom"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_read_from_words() {
        let read = conditions(
            "reside at 4 Acre Lane; curfew 21:00-07:00; no contact with Jo Bloggs; report Brixton: Mon and Thu",
        )
        .expect("conditions");
        assert_eq!(read.len(), 4);
        assert_eq!(read[0], BailCondition::Residence { address: "4 Acre Lane".into() });
        assert!(matches!(&read[1], BailCondition::Curfew { address: None, .. }));
        assert_eq!(read[2], BailCondition::NoContact { person: "Jo Bloggs".into() });
        assert_eq!(read[3], BailCondition::Reporting { station: "Brixton".into(), days: "Mon and Thu".into() });
        assert!(conditions("stay home").unwrap_err().contains("not one of"));
        assert!(conditions("curfew 9pm").unwrap_err().contains("FROM-UNTIL"));
        assert_eq!(conditions("").expect("none"), Vec::new());
    }

    #[test]
    fn outcomes_are_read_by_number_or_words() {
        assert_eq!(outcome("1"), Ok(CustodyOutcome::PreChargeBail));
        assert_eq!(outcome("nfa"), Ok(CustodyOutcome::NoFurtherAction));
        assert_eq!(outcome("rui"), Ok(CustodyOutcome::ReleasedUnderInvestigation));
        assert_eq!(outcome("conditional"), Ok(CustodyOutcome::ConditionalCaution));
        assert!(outcome("9").is_err());
        assert!(outcome("").is_err());
    }

    #[test]
    fn a_bare_time_is_today_in_london() {
        let now = "2026-07-01T09:00:00Z".parse::<DateTime<Utc>>().expect("now");
        assert_eq!(london_time("08:30", now), Ok("2026-07-01T07:30:00Z".parse().expect("t")));
        assert!(london_time("8.30pm", now).is_err());
        assert_eq!(day("14/12/2026"), Ok(NaiveDate::from_ymd_opt(2026, 12, 14).expect("d")));
    }
}
