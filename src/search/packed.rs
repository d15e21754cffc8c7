//! An entry's text packed into one boxed byte slice: a header byte, the
//! dates, the id (`entry_id`), then length-prefixed strings (the shown name
//! first, so a hit reads its id and name without unpacking the rest). A
//! million entries held as structs of strings cost a dozen allocations
//! each; packed, one.

use crate::domain::dates::PartialDate;
use crate::domain::event::EventKind;
use crate::domain::person::Flags;

use super::entry_id::{put_id, read_id, IdText, StoredId};
use super::varint;
use super::{EntryName, EntryReference, SubjectDisplay, SubjectEntry};

const WANTED: u8 = 1;
const IN_CUSTODY: u8 = 1 << 1;
const MISSING: u8 = 1 << 2;
const AT_RISK: u8 = 1 << 3;
const HAS_AREA: u8 = 1 << 4;
const HAS_DOB: u8 = 1 << 5;
const HAS_SHOWN_DOB: u8 = 1 << 6;
const ON_BAIL: u8 = 1 << 7;

/// Bytes before the id: the header and two dates.
const DATES_END: usize = 1 + 2 * 6;

/// One packed entry; empty for a free slot.
#[derive(Default, Clone)]
pub(crate) struct Packed(Box<[u8]>);

fn put_str(out: &mut Vec<u8>, s: &str) {
    varint::put(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    varint::put(out, items.len());
    for s in items {
        put_str(out, s);
    }
}

/// Each reference's kind as one digit (its place in `EventKind::ALL`),
/// all in one string after the references.
fn put_kinds(out: &mut Vec<u8>, references: &[EntryReference]) {
    let digits: String = references
        .iter()
        .map(|r| {
            let at = EventKind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0);
            char::from(b'0' + at as u8)
        })
        .collect();
    put_str(out, &digits);
}

fn kind_of_digit(digit: u8) -> EventKind {
    // An unreadable digit reads as the strictest kind: found by no one who
    // may not read intelligence.
    EventKind::ALL.get(usize::from(digit.wrapping_sub(b'0'))).copied().unwrap_or(EventKind::Intelligence)
}

fn put_date(out: &mut Vec<u8>, date: Option<PartialDate>) {
    let d = date.unwrap_or(PartialDate { year: 0, month: None, day: None });
    out.extend_from_slice(&d.year.to_le_bytes());
    out.push(d.month.map_or(0, |m| m.min(255) as u8));
    out.push(d.day.map_or(0, |m| m.min(255) as u8));
}

fn flag_bits(flags: Flags) -> u8 {
    let mut bits = 0;
    for (on, bit) in [
        (flags.wanted, WANTED),
        (flags.in_custody, IN_CUSTODY),
        (flags.missing, MISSING),
        (flags.at_risk, AT_RISK),
        (flags.on_bail, ON_BAIL),
    ] {
        if on {
            bits |= bit;
        }
    }
    bits
}

/// Reads strings and lists from a position; a truncated slice reads as
/// empty, though packing never makes one.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn len(&mut self) -> usize {
        varint::read(self.data, &mut self.at).unwrap_or(0)
    }

    fn str(&mut self) -> &'a str {
        let n = self.len();
        let end = (self.at + n).min(self.data.len());
        let s = std::str::from_utf8(&self.data[self.at..end]).unwrap_or("");
        self.at = end;
        s
    }

    fn list(&mut self) -> impl Iterator<Item = &'a str> + '_ {
        let n = self.len();
        (0..n).map(|_| self.str())
    }

    fn skip_list(&mut self) {
        let n = self.len();
        for _ in 0..n {
            self.str();
        }
    }

    fn owned_list(&mut self) -> Vec<String> {
        self.list().map(str::to_string).collect()
    }

    /// The references and, after them, the digits of their kinds.
    fn references(&mut self) -> Vec<(EventKind, &'a str)> {
        let texts: Vec<&'a str> = self.list().collect();
        let kinds = self.str().as_bytes();
        texts.into_iter().enumerate().map(|(i, t)| (kind_of_digit(kinds.get(i).copied().unwrap_or(0)), t)).collect()
    }
}

fn date_at(data: &[u8], at: usize, present: bool) -> Option<PartialDate> {
    if !present {
        return None;
    }
    let year = i32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?);
    let month = *data.get(at + 4)?;
    let day = *data.get(at + 5)?;
    Some(PartialDate {
        year,
        month: (month != 0).then_some(u32::from(month)),
        day: (day != 0).then_some(u32::from(day)),
    })
}

impl Packed {
    pub fn pack(entry: &SubjectEntry) -> Packed {
        let d = &entry.display;
        let text: usize = entry.id.len()
            + d.name.len()
            + d.area.as_ref().map_or(0, String::len)
            + d.markers.iter().chain(&entry.identifiers).chain(&entry.vrms).map(|s| s.len() + 1).sum::<usize>()
            + entry.references.iter().map(|r| r.reference.len() + 2).sum::<usize>()
            + entry.names.iter().map(|n| n.forenames.len() + n.surname.len() + 3).sum::<usize>();
        let mut out = Vec::with_capacity(DATES_END + text + 8);
        let mut header = flag_bits(d.flags);
        header |= if d.area.is_some() { HAS_AREA } else { 0 };
        header |= if entry.date_of_birth.is_some() { HAS_DOB } else { 0 };
        header |= if d.date_of_birth.is_some() { HAS_SHOWN_DOB } else { 0 };
        out.push(header);
        put_date(&mut out, entry.date_of_birth);
        put_date(&mut out, d.date_of_birth);
        put_id(&mut out, &entry.id, put_str);
        put_str(&mut out, &d.name);
        put_str(&mut out, d.area.as_deref().unwrap_or(""));
        put_list(&mut out, &d.markers);
        put_list(&mut out, &entry.identifiers);
        put_list(&mut out, &entry.vrms);
        varint::put(&mut out, entry.references.len());
        for r in &entry.references {
            put_str(&mut out, &r.reference);
        }
        put_kinds(&mut out, &entry.references);
        varint::put(&mut out, entry.names.len());
        for n in &entry.names {
            out.push(u8::from(n.alias));
            put_str(&mut out, &n.forenames);
            put_str(&mut out, &n.surname);
        }
        Packed(out.into_boxed_slice())
    }

    /// The packed text, to read.
    pub fn view(&self) -> PackedView<'_> {
        PackedView(&self.0)
    }

    /// The packed bytes, to keep elsewhere (`Slot`).
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A packed entry borrowed, wherever its bytes are kept.
#[derive(Clone, Copy)]
pub(crate) struct PackedView<'a>(pub(crate) &'a [u8]);

impl<'a> PackedView<'a> {
    fn header(&self) -> u8 {
        self.0.first().copied().unwrap_or(0)
    }

    /// The id as kept, and a reader at what follows it.
    fn id_and_rest(&self) -> (StoredId<'a>, Reader<'a>) {
        let data = self.0;
        let (id, end) = read_id(data, DATES_END.min(data.len()), |at| {
            let mut r = Reader { data, at };
            (r.str(), r.at)
        });
        (id, Reader { data, at: end })
    }

    /// A reader at the shown name, the first string after the id.
    fn reader(&self) -> Reader<'a> {
        self.id_and_rest().1
    }

    pub fn id(&self) -> IdText<'a> {
        self.id_and_rest().0.text()
    }

    /// The name a hit shows, for ordering ties.
    pub fn shown_name(&self) -> &'a str {
        self.reader().str()
    }

    pub fn date_of_birth(&self) -> Option<PartialDate> {
        date_at(self.0, 1, self.header() & HAS_DOB != 0)
    }

    /// Identifiers, vehicle marks and event references with their kinds,
    /// in that order.
    pub fn keys(&self) -> (Vec<&'a str>, Vec<&'a str>, Vec<(EventKind, &'a str)>) {
        let mut r = self.reader();
        r.str();
        r.str();
        r.skip_list();
        let identifiers = r.list().collect();
        let vrms = r.list().collect();
        let references = r.references();
        (identifiers, vrms, references)
    }

    pub fn display(&self) -> SubjectDisplay {
        let header = self.header();
        let mut r = self.reader();
        let name = r.str().to_string();
        let area = r.str();
        SubjectDisplay {
            name,
            date_of_birth: date_at(self.0, 7, header & HAS_SHOWN_DOB != 0),
            area: (header & HAS_AREA != 0).then(|| area.to_string()),
            markers: r.owned_list(),
            flags: Flags {
                wanted: header & WANTED != 0,
                in_custody: header & IN_CUSTODY != 0,
                missing: header & MISSING != 0,
                at_risk: header & AT_RISK != 0,
                on_bail: header & ON_BAIL != 0,
            },
        }
    }

    pub fn unpack(&self) -> SubjectEntry {
        let display = self.display();
        let (id, mut r) = self.id_and_rest();
        let id = id.text().to_string();
        r.str();
        r.str();
        r.skip_list();
        let identifiers = r.owned_list();
        let vrms = r.owned_list();
        let references = r.references().into_iter().map(|(kind, text)| EntryReference::new(kind, text)).collect();
        let count = r.len();
        let mut names = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let alias = r.data.get(r.at).is_some_and(|&b| b != 0);
            r.at += 1;
            let forenames = r.str().to_string();
            let surname = r.str().to_string();
            names.push(EntryName { forenames, surname, alias });
        }
        SubjectEntry { id, names, date_of_birth: self.date_of_birth(), identifiers, vrms, references, display }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SubjectEntry {
        let dob: Option<PartialDate> = "1985-03".parse().ok();
        SubjectEntry {
            id: "p-1".into(),
            names: vec![
                EntryName { forenames: "José María".into(), surname: "Smith-Jones".into(), alias: false },
                EntryName { forenames: String::new(), surname: "X".repeat(300), alias: true },
            ],
            date_of_birth: dob,
            identifiers: vec!["98/123456X".into(), "07700900123".into()],
            vrms: vec!["AB12CDE".into()],
            references: vec![
                EntryReference::new(EventKind::Crime, "CR/2026/000123"),
                EntryReference::new(EventKind::Intelligence, "IR/2026/000042"),
            ],
            display: SubjectDisplay {
                name: "SMITH-JONES José María".into(),
                date_of_birth: "1985-03-12".parse().ok(),
                area: Some("Hackney".into()),
                markers: vec!["VI".into(), "WE".into()],
                flags: Flags { wanted: true, in_custody: false, missing: true, at_risk: false, on_bail: true },
            },
        }
    }

    #[test]
    fn round_trips_every_field() {
        let e = sample();
        let packed = Packed::pack(&e);
        let p = packed.view();
        assert_eq!(p.unpack(), e);
        assert_eq!(&*p.id(), "p-1");
        assert_eq!(p.shown_name(), "SMITH-JONES José María");
        assert_eq!(p.date_of_birth(), e.date_of_birth);
        assert_eq!(
            p.keys(),
            (
                vec!["98/123456X", "07700900123"],
                vec!["AB12CDE"],
                vec![(EventKind::Crime, "CR/2026/000123"), (EventKind::Intelligence, "IR/2026/000042")]
            )
        );
        let mut bare = sample();
        bare.date_of_birth = None;
        bare.display = SubjectDisplay {
            name: String::new(),
            date_of_birth: None,
            area: None,
            markers: Vec::new(),
            flags: Flags::default(),
        };
        assert_eq!(Packed::pack(&bare).view().unpack(), bare);
        assert!(Packed::default().bytes().is_empty());
        assert_eq!(&*Packed::default().view().id(), "");
    }
}
