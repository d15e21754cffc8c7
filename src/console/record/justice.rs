//! A case's and a warrant's sections: what was decided and by whom, the
//! charges and hearings, the attempts and how the warrant ended, and the
//! records each is linked to, by reference.

use super::sheet::Sheet;
use crate::console::format;
use crate::console::state::State;
use crate::console::views::{file_due, FileDue};
use crate::domain::event::{CaseDetails, WarrantDetails};
use crate::domain::link::LinkedRecord;
use crate::domain::wording::{of, sentence, words};

pub fn case(state: &State, d: &CaseDetails, sheet: &mut Sheet) {
    sheet.section("Case");
    let decision = d.charging_decision.map(|c| of(&c)).unwrap_or_else(|| "not yet decided".into());
    sheet.field("Charging decision", decision);
    sheet.field("File stage", sentence(&of(&d.stage)));
    if let Some(due) = d.file_due {
        let standing = match file_due(d, state) {
            FileDue::Overdue => " — ✖ OVERDUE",
            FileDue::Soon => " — ▲ due soon",
            FileDue::None | FileDue::Fine => "",
        };
        sheet.field("File due", format!("{}{standing}", format::date(due)));
    }
    sheet.field("Officer in case", d.officer_in_case.clone());
    if let Some(reason) = &d.rejected_reason {
        sheet.field("Rejected because", reason.clone());
    }
    sheet.section(format!("Charges ({})", d.charges.len()));
    for charge in &d.charges {
        sheet.field(&format::date(charge.date), charge.offence.clone());
    }
    sheet.section(format!("Hearings ({})", d.hearings.len()));
    let mut hearings: Vec<_> = d.hearings.iter().collect();
    hearings.sort_by_key(|h| h.date);
    for h in hearings {
        let mut text = format!("{} at {}", sentence(&words(&h.hearing_type)), h.court);
        if h.remanded_in_custody {
            text.push_str(", remanded in custody");
        }
        if let Some(outcome) = &h.outcome {
            text.push_str(&format!(": {outcome}"));
        }
        sheet.field(&format::when(h.date, state.now), text);
    }
    let groups = [
        ("Custody record", d.custody_records.as_slice()),
        ("Crime", d.crimes.as_slice()),
        ("Bench warrant", d.warrants.as_slice()),
    ];
    linked(sheet, &groups);
}

pub fn warrant(d: &WarrantDetails, sheet: &mut Sheet) {
    sheet.section("Warrant");
    sheet.field("Kind", sentence(&of(&d.warrant_kind)));
    sheet.field("Issued", format!("{} by {}", format::date(d.issued_on), d.issuing_court));
    sheet.field("Offence", d.offence.clone());
    let risks: Vec<&str> = [(d.violence, "violence"), (d.domestic_abuse, "domestic abuse")]
        .into_iter()
        .chain([(d.safeguarding_concern, "safeguarding concern")])
        .filter(|(set, _)| *set)
        .map(|(_, word)| word)
        .collect();
    let risks = if risks.is_empty() { "none recorded".to_string() } else { format!("▲ {}", risks.join(", ")) };
    sheet.field("Risks", risks);
    sheet.field("Allocated to", d.allocated_to.clone().unwrap_or_else(|| "nobody yet".into()));
    sheet.section(format!("Attempts to execute ({})", d.attempts.len()));
    for a in &d.attempts {
        sheet.field(&format::date_time(a.at), format!("{}: {}", a.by, a.note));
    }
    if let Some(x) = &d.execution {
        sheet.section("Executed");
        sheet.field("When", format::date_time(x.at));
        sheet.field("Where", x.place.clone());
        sheet.field("By", x.officer.clone());
    }
    if let Some(c) = &d.closure {
        sheet.section(sentence(&of(&d.status)));
        sheet.field("When", format::date_time(c.at));
        sheet.field("By", c.by.clone());
        sheet.field("Reason", c.reason.clone());
    }
    if let Some(case) = &d.case {
        linked(sheet, &[("Case", std::slice::from_ref(case))]);
    }
}

/// The linked records, by reference, under "Linked records" when any.
fn linked(sheet: &mut Sheet, groups: &[(&str, &[LinkedRecord])]) {
    if groups.iter().all(|(_, records)| records.is_empty()) {
        return;
    }
    sheet.section("Linked records");
    for (label, records) in groups {
        for record in *records {
            sheet.field(label, record.reference.clone());
        }
    }
}
