//! Temporary linear subject index, replaced by the real one.
#![allow(missing_docs)]
use crate::domain::dates::PartialDate;
use crate::domain::person::Flags;

pub struct EntryName {
    pub forenames: String,
    pub surname: String,
    pub alias: bool,
}
#[derive(Clone, Debug, serde::Serialize)]
pub struct SubjectDisplay {
    pub name: String,
    pub date_of_birth: Option<PartialDate>,
    pub area: Option<String>,
    pub markers: Vec<String>,
    pub flags: Flags,
}
pub struct SubjectEntry {
    pub id: String,
    pub names: Vec<EntryName>,
    pub date_of_birth: Option<PartialDate>,
    pub identifiers: Vec<String>,
    pub vrms: Vec<String>,
    pub references: Vec<String>,
    pub display: SubjectDisplay,
}
pub struct SubjectQuery {
    pub text: String,
    pub dob: Option<PartialDate>,
    pub limit: usize,
}
pub struct Hit {
    pub id: String,
    pub score: f32,
    pub why: Vec<String>,
    pub display: SubjectDisplay,
}
#[derive(Default)]
pub struct SubjectIndex {
    entries: std::collections::HashMap<String, SubjectEntry>,
}
impl SubjectIndex {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn build(entries: impl IntoIterator<Item = SubjectEntry>) -> Self {
        let mut s = Self::new();
        for e in entries {
            s.upsert(e)
        }
        s
    }
    pub fn upsert(&mut self, entry: SubjectEntry) {
        self.entries.insert(entry.id.clone(), entry);
    }
    pub fn remove(&mut self, id: &str) -> bool {
        self.entries.remove(id).is_some()
    }
    pub fn set_display(&mut self, id: &str, display: SubjectDisplay) {
        if let Some(e) = self.entries.get_mut(id) {
            e.display = display
        }
    }
    pub fn get(&self, id: &str) -> Option<&SubjectEntry> {
        self.entries.get(id)
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn search(&self, query: &SubjectQuery, _today: chrono::NaiveDate) -> Vec<Hit> {
        let q = query.text.to_lowercase();
        let mut hits: Vec<Hit> = self
            .entries
            .values()
            .filter_map(|e| {
                let n =
                    e.names.iter().map(|n| format!("{} {}", n.forenames, n.surname).to_lowercase()).collect::<Vec<_>>();
                let score = n.iter().map(|n| strsim::jaro_winkler(n, &q) as f32).fold(0.0, f32::max);
                let exact = e
                    .identifiers
                    .iter()
                    .chain(&e.vrms)
                    .chain(&e.references)
                    .any(|i| i.eq_ignore_ascii_case(query.text.trim()));
                let score = if exact { 2.0 } else { score };
                (score > 0.7).then(|| Hit { id: e.id.clone(), score, why: vec![], display: e.display.clone() })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        hits.truncate(query.limit);
        hits
    }
}
