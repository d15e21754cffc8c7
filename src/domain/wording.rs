//! The words a person reads for each code a record carries: statuses,
//! decisions, outcomes, parts people play, custody log entries and hearing
//! types. One table, read by the console's record views and the command
//! line's text reports alike, so `cps_full_code_test` reads "CPS: full
//! code test met" wherever it is shown. A code not in the table (a free
//! kind of log entry, say) reads as its words.

use serde::Serialize;

/// Code → words. A code shared by two kinds of value (`charged` is a case
/// status and a log entry) has words that fit both.
const WORDS: &[(&str, &str)] = &[
    // Open and closed records, crime and incident states.
    ("open", "open"),
    ("closed", "closed"),
    ("under_investigation", "under investigation"),
    ("outcome_proposed", "outcome proposed"),
    ("cancelled", "cancelled"),
    ("resourced", "resourced"),
    ("at_scene", "at scene"),
    ("en_route", "en route"),
    ("assigned", "assigned"),
    ("released", "released"),
    // Intelligence and safeguarding states.
    ("draft", "draft"),
    ("submitted", "submitted"),
    ("evaluated", "evaluated"),
    ("sanitised", "sanitised"),
    ("disseminated", "disseminated"),
    ("reviewed", "reviewed"),
    ("signed_off", "signed off"),
    ("shared", "shared with partners"),
    ("referred", "referred to a partner agency"),
    // What a safeguarding report or an ASB case is about.
    ("child_welfare", "child welfare"),
    ("domestic_abuse", "domestic abuse"),
    ("missing_person", "missing person"),
    ("child_sexual_exploitation", "child sexual exploitation"),
    ("forced_marriage", "forced marriage"),
    ("adult_at_risk", "adult at risk"),
    ("personal", "personal"),
    ("nuisance", "nuisance"),
    ("environmental", "environmental"),
    // How a detention ended.
    ("charged_bailed", "charged and bailed to court"),
    ("charged_remanded", "charged and remanded in custody"),
    ("referred_to_cps", "referred to the CPS"),
    ("pre_charge_bail", "released on pre-charge bail"),
    ("released_under_investigation", "released under investigation"),
    ("no_further_action", "no further action"),
    ("simple_caution", "simple caution"),
    ("conditional_caution", "conditional caution"),
    ("transferred", "transferred to another suite"),
    // Who decided the charge.
    ("police_charge", "Police: charge"),
    ("cps_full_code_test", "CPS: full code test met"),
    ("cps_threshold_test", "CPS: threshold test met"),
    ("caution", "caution"),
    // The prosecution file and the case.
    ("pre_charge", "pre-charge"),
    ("first_hearing_guilty", "first hearing, guilty plea expected"),
    ("first_hearing_not_guilty", "first hearing, not guilty plea expected"),
    ("upgrade", "upgraded for trial"),
    ("remand", "remand"),
    ("early_advice", "early advice from the CPS"),
    ("awaiting_cps", "awaiting the CPS decision"),
    ("charged", "charged"),
    ("first_hearing_listed", "first hearing listed"),
    ("plea_entered", "plea entered"),
    ("pre_trial_hearing", "pre-trial hearing"),
    ("trial_listed", "trial listed"),
    ("result", "result recorded"),
    ("finalised", "finalised"),
    ("rejected_for_quality", "rejected for quality"),
    // Hearings.
    ("first_hearing", "first hearing"),
    ("pre_trial", "pre-trial hearing"),
    ("trial", "trial"),
    ("sentence", "sentence"),
    // Warrants.
    ("arrest_with_bail", "arrest, backed for bail"),
    ("arrest_without_bail", "arrest, not backed for bail"),
    ("bench", "bench warrant"),
    ("breach", "breach of an order"),
    ("commitment", "commitment to prison"),
    ("search", "search"),
    ("received", "received"),
    ("validated", "validated"),
    ("circulated", "circulated"),
    ("allocated", "allocated"),
    ("executed", "executed"),
    ("withdrawn", "withdrawn"),
    ("returned", "returned to court"),
    ("expired", "expired"),
    // The parts people play on a record.
    ("suspect", "suspect"),
    ("victim", "victim"),
    ("witness", "witness"),
    ("offender", "offender"),
    ("detainee", "detainee"),
    ("defendant", "defendant"),
    ("subject", "subject"),
    ("wanted_person", "wanted person"),
    ("reporting_person", "reporting person"),
    ("complainant", "complainant"),
    ("carer", "parent or carer"),
    ("household_member", "household member"),
    // Bail.
    ("to_court", "bail to court"),
    ("running", "running"),
    ("answered", "answered"),
    ("ended", "ended"),
    // The custody log.
    ("booked_in", "booked in"),
    ("authorisation", "detention authorised"),
    ("risk_assessment", "risk assessment"),
    ("rights", "rights given"),
    ("rights_delayed", "rights delayed"),
    ("interview", "interview"),
    ("solicitor", "solicitor"),
    ("meal", "meal"),
    ("cell_move", "cell move"),
    ("cell_shared", "cell shared"),
    ("transfer", "transfer"),
    ("release", "release"),
    ("detention_carried", "detention carried from before bail"),
    ("review", "review of detention"),
    ("review_postponed", "review postponed"),
    ("extension", "detention extended"),
    ("warrant_of_further_detention", "warrant of further detention"),
    ("visit", "cell visit"),
    ("rousing_failed", "rousing failed"),
    ("appropriate_adult_required", "appropriate adult required"),
    ("appropriate_adult", "appropriate adult present"),
];

/// The words for `code`; a code not in the table as its own words.
pub fn words(code: &str) -> String {
    match WORDS.iter().find(|(c, _)| *c == code) {
        Some((_, words)) => (*words).to_string(),
        None => code.replace('_', " "),
    }
}

/// The words for an enumerated value, by its wire name.
pub fn of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => words(&code),
        _ => String::new(),
    }
}

/// Whether the table has words of its own for `code`.
pub fn known(code: &str) -> bool {
    WORDS.iter().any(|(c, _)| *c == code)
}

/// Words with their first letter capitalised, to start a line.
pub fn sentence(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bail::{BailKind, BailStatus};
    use crate::domain::custody::kinds as k;
    use crate::domain::event::*;
    use crate::domain::link::EventRole;
    use crate::domain::pace::entries;

    fn codes<T: Serialize>(values: &[T]) -> Vec<String> {
        values.iter().map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn every_status_decision_role_and_outcome_has_words() {
        use CaseStatus as C;
        use CustodyOutcome as O;
        use WarrantStatus as W;
        let mut all = Vec::new();
        all.extend(codes(&[O::ChargedBailed, O::ChargedRemanded, O::ReferredToCps, O::PreChargeBail]));
        all.extend(codes(&[O::ReleasedUnderInvestigation, O::NoFurtherAction, O::SimpleCaution]));
        all.extend(codes(&[O::ConditionalCaution, O::Transferred]));
        all.extend(codes(&[
            ChargingDecision::PoliceCharge,
            ChargingDecision::CpsFullCodeTest,
            ChargingDecision::CpsThresholdTest,
            ChargingDecision::NoFurtherAction,
            ChargingDecision::Caution,
        ]));
        all.extend(codes(&[
            FileStage::PreCharge,
            FileStage::FirstHearingGuilty,
            FileStage::FirstHearingNotGuilty,
            FileStage::Upgrade,
            FileStage::Remand,
        ]));
        all.extend(codes(&[C::UnderInvestigation, C::EarlyAdvice, C::AwaitingCps, C::Charged, C::PleaEntered]));
        all.extend(codes(&[C::FirstHearingListed, C::PreTrialHearing, C::TrialListed, C::Result, C::Finalised]));
        all.extend(codes(&[C::RejectedForQuality]));
        all.extend(codes(&WarrantKind::ALL));
        all.extend(codes(&[W::Received, W::Validated, W::Circulated, W::Allocated, W::Executed, W::Withdrawn]));
        all.extend(codes(&[W::Cancelled, W::Returned, W::Expired]));
        all.extend(codes(&[OpenClosed::Open, OpenClosed::Closed]));
        all.extend(codes(&crate::domain::intelligence::IntelligenceStatus::ALL));
        all.extend(codes(&[CrimeStatus::Open, CrimeStatus::UnderInvestigation, CrimeStatus::OutcomeProposed]));
        all.extend(codes(&[CrimeStatus::Closed, CrimeStatus::Cancelled]));
        use SafeguardingStatus as S;
        all.extend(codes(&[S::Draft, S::Submitted, S::SignedOff, S::Shared, S::Referred, S::Closed]));
        use EventRole as R;
        all.extend(codes(&[R::Suspect, R::Victim, R::Witness, R::Offender, R::Detainee, R::Defendant]));
        all.extend(codes(&[R::Subject, R::WantedPerson, R::ReportingPerson, R::Complainant, R::Carer]));
        all.extend(codes(&[R::HouseholdMember]));
        all.extend(codes(&crate::domain::asb::AsbCategory::ALL));
        use crate::domain::safeguarding::SafeguardingCategory as G;
        all.extend(codes(&[G::ChildWelfare, G::DomesticAbuse, G::MissingPerson, G::ChildSexualExploitation]));
        all.extend(codes(&[G::ForcedMarriage, G::AdultAtRisk]));
        all.extend(codes(&[BailKind::PreCharge, BailKind::ToCourt, BailKind::ReleasedUnderInvestigation]));
        all.extend(codes(&[BailStatus::Running, BailStatus::Answered, BailStatus::Ended]));
        all.extend(entries::RULE_KINDS.iter().map(|k| k.to_string()));
        let written = [k::BOOKED_IN, k::AUTHORISATION, k::RISK_ASSESSMENT, k::RIGHTS, k::RIGHTS_DELAYED, k::INTERVIEW];
        let more = [k::SOLICITOR, k::MEAL, k::CELL_MOVE, k::CELL_SHARED, k::TRANSFER, k::RELEASE, k::DETENTION_CARRIED];
        all.extend(written.iter().chain(&more).map(|k| k.to_string()));
        let missing: Vec<&String> = all.iter().filter(|c| !known(c)).collect();
        assert!(missing.is_empty(), "codes without words: {missing:?}");
    }

    #[test]
    fn codes_read_as_a_person_says_them() {
        assert_eq!(of(&ChargingDecision::CpsFullCodeTest), "CPS: full code test met");
        assert_eq!(of(&EventRole::WantedPerson), "wanted person");
        assert_eq!(words("booked_in"), "booked in");
        assert_eq!(words("something_new"), "something new");
        assert_eq!(sentence(&words("charged_remanded")), "Charged and remanded in custody");
    }
}
