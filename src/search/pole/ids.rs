//! Record ids held as 16-byte numbers: every id the store makes is a UUID
//! (v4), so a million of them cost 16 MB rather than a string each. An id
//! of another form (none is made today) goes to a small side table and is
//! numbered from the top, where no v4 UUID can be, and leaves it when its
//! record leaves the index (its number is given again to the next).

use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct Ids {
    /// Empty where a number is free.
    others: Vec<Box<str>>,
    other_at: HashMap<Box<str>, u128>,
    free: Vec<usize>,
}

/// A v4 UUID in its canonical lower-case form, as a number.
fn uuid_number(id: &str) -> Option<u128> {
    let parsed = uuid::Uuid::parse_str(id).ok()?;
    (parsed.get_version_num() == 4 && parsed.hyphenated().to_string() == id).then(|| parsed.as_u128())
}

impl Ids {
    /// The number for `id`, given one if it has none yet.
    pub(crate) fn number(&mut self, id: &str) -> u128 {
        if let Some(n) = uuid_number(id) {
            return n;
        }
        if let Some(n) = self.other_at.get(id) {
            return *n;
        }
        let at = match self.free.pop() {
            Some(at) => {
                self.others[at] = id.into();
                at
            }
            None => {
                self.others.push(id.into());
                self.others.len() - 1
            }
        };
        let n = u128::MAX - at as u128;
        self.other_at.insert(id.into(), n);
        n
    }

    /// The record numbered `n` has left the index: an id of another form
    /// gives its number back.
    pub(crate) fn forget(&mut self, n: u128) {
        let Some(at) = usize::try_from(u128::MAX - n).ok().filter(|at| *at < self.others.len()) else { return };
        if uuid::Uuid::from_u128(n).get_version_num() == 4 || self.others[at].is_empty() {
            return;
        }
        let id = std::mem::take(&mut self.others[at]);
        self.other_at.remove(&id);
        self.free.push(at);
    }

    /// Ids of another form held, in use or free.
    pub(crate) fn others_held(&self) -> usize {
        self.others.len()
    }

    /// The number of an id already seen, if any.
    pub(crate) fn find(&self, id: &str) -> Option<u128> {
        uuid_number(id).or_else(|| self.other_at.get(id).copied())
    }

    /// The id a number stands for.
    pub(crate) fn text(&self, n: u128) -> String {
        let from_top = u128::MAX - n;
        match usize::try_from(from_top).ok().and_then(|i| self.others.get(i)) {
            Some(other) if uuid::Uuid::from_u128(n).get_version_num() != 4 => other.to_string(),
            _ => uuid::Uuid::from_u128(n).hyphenated().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_and_other_ids_come_back_as_they_went_in() {
        let mut ids = Ids::default();
        let uuid = "0f8e7a52-9c1b-4d2e-8a3f-5b6c7d8e9f01";
        let n = ids.number(uuid);
        assert_eq!(ids.text(n), uuid);
        let other = ids.number("PLACE-1");
        assert_eq!(ids.text(other), "PLACE-1");
        assert_eq!(ids.find("PLACE-1"), Some(other));
        assert_eq!(ids.find("PLACE-2"), None);
        // Forgotten, its number goes to the next; a UUID is never held.
        ids.forget(other);
        ids.forget(n);
        assert_eq!(ids.find("PLACE-1"), None);
        let again = ids.number("PLACE-2");
        assert_eq!((again, ids.text(again).as_str(), ids.others_held()), (other, "PLACE-2", 1));
        // Upper case is not the store's form: kept as written.
        let upper = ids.number(&uuid.to_uppercase());
        assert_eq!(ids.text(upper), uuid.to_uppercase());
    }
}
