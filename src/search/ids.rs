//! A compact list of internal ordinals: most keys point at one entry, so the
//! common case stays inline and a map slot costs 16 bytes.

// The box keeps the enum at 16 bytes instead of 24; with millions of map
// slots that matters more than the rare extra allocation.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone)]
pub(crate) enum Ids {
    One(u32),
    Many(Box<Vec<u32>>),
}

impl Ids {
    pub fn push(&mut self, id: u32) {
        match self {
            Ids::One(first) => {
                if *first != id {
                    *self = Ids::Many(Box::new(vec![*first, id]));
                }
            }
            Ids::Many(list) => {
                if !list.contains(&id) {
                    list.push(id);
                }
            }
        }
    }

    /// Removes `id`; returns true when nothing is left.
    pub fn remove(&mut self, id: u32) -> bool {
        match self {
            Ids::One(first) => *first == id,
            Ids::Many(list) => {
                if let Some(pos) = list.iter().position(|&x| x == id) {
                    list.swap_remove(pos);
                }
                match list.len() {
                    0 => true,
                    1 => {
                        *self = Ids::One(list[0]);
                        false
                    }
                    _ => false,
                }
            }
        }
    }

    pub fn as_slice(&self) -> &[u32] {
        match self {
            Ids::One(first) => std::slice::from_ref(first),
            Ids::Many(list) => list,
        }
    }
}

/// Adds `id` under `key`.
pub(crate) fn add<K: std::hash::Hash + Eq, S: std::hash::BuildHasher>(
    map: &mut std::collections::HashMap<K, Ids, S>,
    key: K,
    id: u32,
) {
    map.entry(key).and_modify(|ids| ids.push(id)).or_insert(Ids::One(id));
}

/// Removes `id` from under `key`, dropping the key when it is left empty.
pub(crate) fn remove<K: std::hash::Hash + Eq, S: std::hash::BuildHasher>(
    map: &mut std::collections::HashMap<K, Ids, S>,
    key: &K,
    id: u32,
) {
    if let Some(ids) = map.get_mut(key) {
        if ids.remove(id) {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_shrinks_back_to_one() {
        let mut ids = Ids::One(3);
        ids.push(5);
        ids.push(5);
        assert_eq!(ids.as_slice(), &[3, 5]);
        assert!(!ids.remove(3));
        assert!(matches!(ids, Ids::One(5)));
        assert!(ids.remove(5));
    }
}
