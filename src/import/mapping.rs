//! The mapping file: how a legacy CSV's columns become Bluelamp fields.
//! Checked whole against the file's header before any row is read; every
//! refusal names the mapping line at fault.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::dates::DateFormat;
use super::event_mapping::EventMapping;
use crate::domain::event::EventKind;
use crate::domain::person::{IdentifierKind, Sex};

/// A column name as written in the mapping, with where it was written.
pub type Column = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The kind of record the legacy system held (`custody`, `intelligence`,
    /// `safeguarding`…): a role that may not read that kind sees none of the
    /// source's rows. Required for a file of nominals; an event file's is
    /// its event kind.
    #[serde(default)]
    pub kind: Option<Spanned<EventKind>>,
    /// The column(s) whose values, joined by `/`, identify a row in its source.
    pub reference: Vec<Column>,
    /// The field separator, one character; a comma when absent.
    #[serde(default)]
    pub delimiter: Option<Spanned<String>>,
    /// For a file of nominals: the person's name.
    #[serde(default)]
    pub name: Option<NameMapping>,
    /// For an event file: the event each row becomes and the nominal it is about.
    #[serde(default)]
    pub event: Option<EventMapping>,
    #[serde(default)]
    pub date_of_birth: Option<DobMapping>,
    #[serde(default)]
    pub sex: Option<SexMapping>,
    #[serde(default)]
    pub address: Option<AddressMapping>,
    #[serde(default)]
    pub phone: Option<Column>,
    #[serde(default)]
    pub identifiers: Vec<IdentifierMapping>,
    #[serde(default)]
    pub markers: Option<MarkerMapping>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// "SMITH, John Paul"
    SurnameCommaForenames,
    /// "John Paul SMITH": the last word is the surname.
    ForenamesSurname,
    /// "SMITH John Paul": the first word is the surname.
    SurnameForenames,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameMapping {
    /// One column holding the whole name, in `order`.
    #[serde(default)]
    pub full: Option<Column>,
    #[serde(default)]
    pub order: Option<NameOrder>,
    /// Columns of forenames, joined with spaces in order.
    #[serde(default)]
    pub forenames: Vec<Column>,
    #[serde(default)]
    pub surname: Option<Column>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DobMapping {
    pub column: Column,
    /// `%d`, `%m`, `%Y` and `%b` (JAN…DEC) with literal separators; a zero
    /// day or month (or `UNK` month) is unknown, and a lone year is a year.
    pub format: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SexMapping {
    pub column: Column,
    /// The file's code to the sex it means; an empty cell is not stated.
    pub codes: BTreeMap<String, Sex>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressMapping {
    /// Columns of address lines; a single column may hold comma separated lines.
    #[serde(default)]
    pub lines: Vec<Column>,
    /// Absent where the source kept no postcode (a town, say): such an
    /// address is left out of the person with a finding, and linkage still
    /// compares its lines.
    #[serde(default)]
    pub postcode: Option<Column>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierMapping {
    pub column: Column,
    pub kind: IdentifierKind,
    /// For `other`: what kind of identifier it is.
    #[serde(default)]
    pub label: Option<String>,
    /// The identifier belongs to one person only: records sharing it link
    /// outright, records that differ on it are kept apart.
    #[serde(default)]
    pub unique: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkerMapping {
    pub column: Column,
    /// Between several markers in one cell; `;` when absent.
    #[serde(default)]
    pub separator: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MappingError {
    #[error("mapping line {line}: {message}")]
    At { line: usize, message: String },
    #[error("mapping: {0}")]
    Whole(String),
}

/// A mapping checked against a header: columns resolved to positions.
#[derive(Debug)]
pub struct Plan {
    pub reference: Vec<usize>,
    pub delimiter: u8,
    pub name: NamePlan,
    pub dob: Option<(usize, DateFormat)>,
    pub sex: Option<(usize, BTreeMap<String, Sex>)>,
    pub address: Option<(Vec<usize>, Option<usize>)>,
    pub phone: Option<usize>,
    pub identifiers: Vec<(usize, IdentifierKind, Option<String>)>,
    /// The identifiers marked unique to one person, as linkage names them.
    pub unique: Vec<String>,
    pub markers: Option<(usize, String)>,
}

#[derive(Debug)]
pub enum NamePlan {
    Full(usize, NameOrder),
    Split { forenames: Vec<usize>, surname: usize },
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Mapping {
    /// Parses a mapping; unknown fields and bad values name their line.
    pub fn parse(text: &str) -> Result<Self, MappingError> {
        Self::unique_only_on_identifiers(text)?;
        toml::from_str(text).map_err(|e| match e.span() {
            Some(span) => MappingError::At { line: line_of(text, span.start), message: e.message().to_string() },
            None => MappingError::Whole(e.message().to_string()),
        })
    }

    /// Refuses `unique` anywhere but on an identifier, naming the field it
    /// was put on: only an identifier can belong to one person alone.
    fn unique_only_on_identifiers(text: &str) -> Result<(), MappingError> {
        let Ok(table) = text.parse::<toml::Table>() else { return Ok(()) };
        for (field, value) in &table {
            let marked = match value {
                toml::Value::Table(t) => t.contains_key("unique"),
                _ => field == "unique",
            };
            if marked && field != "identifiers" {
                let shown = if field == "unique" { "the mapping itself".to_string() } else { format!("[{field}]") };
                // The line of the key, after its table's header.
                let from = text.find(&format!("[{field}]")).unwrap_or(0);
                let line = text[from..]
                    .match_indices("unique")
                    .map(|(at, _)| from + at)
                    .find(|&at| text[..at].ends_with('\n') || text[..at].trim_end_matches([' ', '\t']).ends_with('\n'))
                    .map_or(1, |at| line_of(text, at));
                return Err(MappingError::At {
                    line,
                    message: format!(
                        "'unique' marks an identifier as one person's alone; {shown} is not an identifier \
                         (put it on an [[identifiers]] entry)"
                    ),
                });
            }
        }
        Ok(())
    }

    /// The field separator the mapping names; checked by [`Mapping::plan`].
    pub fn delimiter_byte(&self, text: &str) -> Result<u8, MappingError> {
        match &self.delimiter {
            None => Ok(b','),
            Some(d) => match d.get_ref().as_bytes() {
                [b] => Ok(*b),
                _ => Err(MappingError::At {
                    line: line_of(text, d.span().start),
                    message: "the delimiter must be one character".into(),
                }),
            },
        }
    }

    /// The kind of record the source held: the mapping's `kind`, or its
    /// event kind; an event file's two must agree.
    pub fn source_kind(&self, text: &str) -> Result<EventKind, MappingError> {
        let declared = self.kind.as_ref().map(|k| (*k.get_ref(), line_of(text, k.span().start)));
        match (&self.event, declared) {
            (Some(event), Some((kind, line))) if kind != *event.kind.get_ref() => Err(MappingError::At {
                line,
                message: format!("kind is '{kind}' but the events are '{}'", event.kind.get_ref()),
            }),
            (Some(event), _) => Ok(*event.kind.get_ref()),
            (None, Some((kind, _))) => Ok(kind),
            (None, None) => {
                let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                Err(MappingError::Whole(format!(
                    "say which kind of record the legacy system held, such as kind = \"custody\" (one of {}): \
                     who may see its rows follows from it",
                    kinds.join(", ")
                )))
            }
        }
    }

    /// The reference columns' positions in the header.
    pub fn reference_columns(&self, text: &str, header: &[String]) -> Result<Vec<usize>, MappingError> {
        if self.reference.is_empty() {
            return Err(MappingError::Whole("'reference' must name at least one column".into()));
        }
        self.reference
            .iter()
            .map(|c| {
                header.iter().position(|h| h.trim() == c.get_ref().trim()).ok_or_else(|| MappingError::At {
                    line: line_of(text, c.span().start),
                    message: format!("the file has no column '{}'", c.get_ref()),
                })
            })
            .collect()
    }

    /// Resolves every column against the header; `text` is the mapping's
    /// source, for line numbers.
    pub fn plan(&self, text: &str, header: &[String]) -> Result<Plan, MappingError> {
        let find = |c: &Column| -> Result<usize, MappingError> {
            header.iter().position(|h| h.trim() == c.get_ref().trim()).ok_or_else(|| MappingError::At {
                line: line_of(text, c.span().start),
                message: format!("the file has no column '{}'", c.get_ref()),
            })
        };
        let all = |cs: &[Column]| cs.iter().map(find).collect::<Result<Vec<_>, _>>();
        if self.reference.is_empty() {
            return Err(MappingError::Whole("'reference' must name at least one column".into()));
        }
        let Some(names) = &self.name else {
            return Err(MappingError::Whole("a mapping needs either [name] (nominals) or [event] (events)".into()));
        };
        let name = match (&names.full, &names.surname) {
            (Some(full), None) if names.forenames.is_empty() => {
                let order = names.order.ok_or_else(|| MappingError::At {
                    line: line_of(text, full.span().start),
                    message: "a full-name column needs an 'order'".into(),
                })?;
                NamePlan::Full(find(full)?, order)
            }
            (None, Some(surname)) => NamePlan::Split { forenames: all(&names.forenames)?, surname: find(surname)? },
            _ => {
                return Err(MappingError::Whole(
                    "[name] needs either 'full' with 'order', or 'surname' with optional 'forenames'".into(),
                ))
            }
        };
        let dob = match &self.date_of_birth {
            Some(d) => {
                let format = DateFormat::parse(d.format.get_ref())
                    .map_err(|message| MappingError::At { line: line_of(text, d.format.span().start), message })?;
                Some((find(&d.column)?, format))
            }
            None => None,
        };
        let sex = match &self.sex {
            Some(s) => {
                let codes = s.codes.iter().map(|(k, v)| (k.trim().to_ascii_uppercase(), *v)).collect();
                Some((find(&s.column)?, codes))
            }
            None => None,
        };
        let address = match &self.address {
            Some(a) if a.lines.is_empty() && a.postcode.is_none() => {
                return Err(MappingError::Whole("[address] needs 'lines', a 'postcode' or both".into()))
            }
            Some(a) => Some((all(&a.lines)?, a.postcode.as_ref().map(find).transpose()?)),
            None => None,
        };
        let mut identifiers = Vec::new();
        let mut unique = Vec::new();
        for id in &self.identifiers {
            identifiers.push((find(&id.column)?, id.kind.clone(), id.label.clone()));
            if id.unique {
                unique.push(match (&id.kind, &id.label) {
                    (IdentifierKind::Other, Some(label)) => crate::linkage::fold_label(label),
                    (IdentifierKind::Other, None) => String::new(),
                    (IdentifierKind::Pnc, _) => "pnc".into(),
                    (IdentifierKind::Cro, _) => "cro".into(),
                    (IdentifierKind::NiNumber, _) => "ni".into(),
                });
            }
        }
        let markers = match &self.markers {
            Some(m) => Some((find(&m.column)?, m.separator.clone().unwrap_or_else(|| ";".into()))),
            None => None,
        };
        Ok(Plan {
            reference: all(&self.reference)?,
            delimiter: self.delimiter_byte(text)?,
            name,
            dob,
            sex,
            address,
            phone: self.phone.as_ref().map(find).transpose()?,
            identifiers,
            unique,
            markers,
        })
    }
}
