//! The seven legacy layouts: each system's columns, date format, sex codes
//! and habits, as it would have exported them.

use crate::domain::dates::PartialDate;
use crate::domain::person::Sex;

use super::noise::{Habits, Nominal};

/// What one column of a layout holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col {
    /// The system's own row reference.
    Ref,
    /// "SURNAME, Forenames".
    SurnameComma,
    /// "Forenames SURNAME".
    ForenamesSurname,
    Forenames,
    /// The first forename only.
    FirstForename,
    /// Forenames after the first.
    MiddleNames,
    Surname,
    /// The date with a strftime-like format; unknown parts as zeros.
    Dob(&'static str),
    /// Codes for male, female, unknown.
    Sex([&'static str; 3]),
    Line(usize),
    /// All address lines in one, comma separated.
    Address,
    Postcode,
    Phone,
    Pnc,
    Cro,
    Ni,
    /// Marker categories joined by `;`.
    Markers,
}

pub(crate) struct Layout {
    /// The source name and the file stem.
    pub source: &'static str,
    pub delimiter: u8,
    pub columns: &'static [(&'static str, Col)],
    /// Share of persons on this system.
    pub coverage: f64,
    /// Share of those recorded twice.
    pub duplicates: f64,
    pub habits: Habits,
    /// Prefix of the reference numbers.
    pub prefix: &'static str,
}

const CAREFUL: Habits =
    Habits { typo: 0.03, missing_dob: 0.01, swapped_dob: 0.01, keeps_pnc: 0.9, old_address: 0.1, name_order: 0.0 };
const HURRIED: Habits =
    Habits { typo: 0.08, missing_dob: 0.05, swapped_dob: 0.03, keeps_pnc: 0.6, old_address: 0.3, name_order: 0.03 };

pub(crate) const LAYOUTS: [Layout; 7] = [
    Layout {
        source: "crime",
        delimiter: b',',
        columns: &[
            ("CRIME_NOMINAL_NO", Col::Ref),
            ("NOMINAL", Col::SurnameComma),
            ("DOB", Col::Dob("%d/%m/%Y")),
            ("SEX", Col::Sex(["M", "F", "U"])),
            ("ADDRESS_1", Col::Line(0)),
            ("ADDRESS_2", Col::Line(1)),
            ("POSTCODE", Col::Postcode),
            ("PNC_ID", Col::Pnc),
        ],
        coverage: 0.45,
        duplicates: 0.1,
        habits: HURRIED,
        prefix: "CR",
    },
    Layout {
        source: "intelligence",
        delimiter: b',',
        columns: &[
            ("subject_id", Col::Ref),
            ("forename", Col::Forenames),
            ("surname", Col::Surname),
            ("date_of_birth", Col::Dob("%Y-%m-%d")),
            ("gender", Col::Sex(["Male", "Female", "Unknown"])),
            ("address", Col::Address),
            ("post_code", Col::Postcode),
            ("phone", Col::Phone),
            ("cro_no", Col::Cro),
            ("warnings", Col::Markers),
        ],
        coverage: 0.3,
        duplicates: 0.15,
        habits: HURRIED,
        prefix: "INT",
    },
    Layout {
        source: "safeguarding",
        delimiter: b'|',
        columns: &[
            ("PersonID", Col::Ref),
            ("GivenNames", Col::Forenames),
            ("FamilyName", Col::Surname),
            ("BirthDate", Col::Dob("%d-%b-%Y")),
            ("Sex", Col::Sex(["1", "2", "9"])),
            ("AddressLine1", Col::Line(0)),
            ("AddressLine2", Col::Line(1)),
            ("Postcode", Col::Postcode),
            ("NINO", Col::Ni),
        ],
        coverage: 0.15,
        duplicates: 0.05,
        habits: CAREFUL,
        prefix: "SG",
    },
    Layout {
        source: "asb",
        delimiter: b',',
        columns: &[
            ("Case Party Ref", Col::Ref),
            ("Party Name", Col::ForenamesSurname),
            ("DoB", Col::Dob("%Y%m%d")),
            ("Address", Col::Address),
            ("Postcode", Col::Postcode),
            ("Contact Number", Col::Phone),
        ],
        coverage: 0.12,
        duplicates: 0.1,
        habits: HURRIED,
        prefix: "ASB",
    },
    Layout {
        source: "custody",
        delimiter: b',',
        columns: &[
            ("CUSTODY_NO", Col::Ref),
            ("SURNAME", Col::Surname),
            ("FORENAME_1", Col::FirstForename),
            ("FORENAME_2", Col::MiddleNames),
            ("DATE_OF_BIRTH", Col::Dob("%d/%m/%Y")),
            ("SEX", Col::Sex(["M", "F", "X"])),
            ("ADDR_LINE_1", Col::Line(0)),
            ("ADDR_LINE_2", Col::Line(1)),
            ("ADDR_LINE_3", Col::Line(2)),
            ("POSTCODE", Col::Postcode),
            ("PNC_ID", Col::Pnc),
            ("CRO_NO", Col::Cro),
            ("WARNING_MARKERS", Col::Markers),
        ],
        coverage: 0.25,
        duplicates: 0.2,
        habits: CAREFUL,
        prefix: "CU",
    },
    Layout {
        source: "caseprep",
        delimiter: b',',
        columns: &[
            ("DEFENDANT_REF", Col::Ref),
            ("DEFENDANT", Col::SurnameComma),
            ("D.O.B.", Col::Dob("%d.%m.%Y")),
            ("ADDRESS", Col::Address),
            ("POSTCODE", Col::Postcode),
            ("PNC ID", Col::Pnc),
            ("NI NUMBER", Col::Ni),
        ],
        coverage: 0.15,
        duplicates: 0.05,
        habits: CAREFUL,
        prefix: "CP",
    },
    Layout {
        source: "warrants",
        delimiter: b',',
        columns: &[
            ("WARRANT_NO", Col::Ref),
            ("SUBJ_SURNAME", Col::Surname),
            ("SUBJ_FORENAMES", Col::Forenames),
            ("SUBJ_DOB", Col::Dob("%m/%d/%Y")),
            ("LAST_KNOWN_ADDRESS", Col::Address),
            ("PCODE", Col::Postcode),
            ("PNCID", Col::Pnc),
        ],
        coverage: 0.08,
        duplicates: 0.05,
        habits: HURRIED,
        prefix: "WT",
    },
];

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// A date in one of the layouts' formats; unknown day or month as zeros
/// (or `UNK` for a month name), no date at all as an empty cell.
pub(crate) fn format_dob(format: &str, dob: Option<PartialDate>) -> String {
    let Some(d) = dob else { return String::new() };
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str(&format!("{:02}", d.day.unwrap_or(0))),
            Some('m') => out.push_str(&format!("{:02}", d.month.unwrap_or(0))),
            Some('Y') => out.push_str(&format!("{:04}", d.year)),
            Some('b') => out.push_str(d.month.and_then(|m| MONTHS.get(m as usize - 1)).copied().unwrap_or("UNK")),
            _ => {}
        }
    }
    out
}

fn sex_code(codes: [&'static str; 3], sex: Option<Sex>) -> &'static str {
    match sex {
        Some(Sex::Male) => codes[0],
        Some(Sex::Female) => codes[1],
        Some(_) => codes[2],
        None => "",
    }
}

pub(crate) fn cell(col: Col, reference: &str, n: &Nominal) -> String {
    let first = n.forenames.split_whitespace().next().unwrap_or_default();
    match col {
        Col::Ref => reference.to_string(),
        Col::SurnameComma => format!("{}, {}", n.surname.to_uppercase(), n.forenames),
        Col::ForenamesSurname => format!("{} {}", n.forenames, n.surname.to_uppercase()),
        Col::Forenames => n.forenames.clone(),
        Col::FirstForename => first.to_string(),
        Col::MiddleNames => n.forenames[first.len()..].trim().to_string(),
        Col::Surname => n.surname.clone(),
        Col::Dob(format) => format_dob(format, n.dob),
        Col::Sex(codes) => sex_code(codes, n.sex).to_string(),
        Col::Line(i) => n.lines.get(i).cloned().unwrap_or_default(),
        Col::Address => n.lines.join(", "),
        Col::Postcode => n.postcode.clone(),
        Col::Phone => n.phone.clone().unwrap_or_default(),
        Col::Pnc => n.pnc.clone().unwrap_or_default(),
        Col::Cro => n.cro.clone().unwrap_or_default(),
        Col::Ni => n.ni.clone().unwrap_or_default(),
        Col::Markers => n.markers.join(";"),
    }
}
