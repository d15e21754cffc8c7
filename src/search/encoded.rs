//! An entry's names as interned token ids in one flat boxed slice: per name a
//! header word (alias bit, forename count, surname count) then the ids. Far
//! smaller than strings, and scoring compares integers.

const ALIAS: u32 = 1 << 31;
/// Most tokens kept per forenames or surname.
pub(crate) const MAX_PART: usize = 0xff;

/// One name, borrowed from the encoded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameView<'a> {
    pub alias: bool,
    pub fore: &'a [u32],
    /// Surname parts; when there are several, the last is them run together.
    pub sur: &'a [u32],
}

/// Builds the encoded form from (alias, forename ids, surname ids) triples.
pub(crate) fn encode(names: &[(bool, Vec<u32>, Vec<u32>)]) -> Box<[u32]> {
    let mut out = Vec::new();
    for (alias, fore, sur) in names {
        let fore = &fore[..fore.len().min(MAX_PART)];
        let sur = &sur[..sur.len().min(MAX_PART)];
        if fore.is_empty() && sur.is_empty() {
            continue;
        }
        let flag = if *alias { ALIAS } else { 0 };
        out.push(flag | ((fore.len() as u32) << 8) | sur.len() as u32);
        out.extend_from_slice(fore);
        out.extend_from_slice(sur);
    }
    out.into_boxed_slice()
}

/// The names, in the order they were given.
pub(crate) fn decode(data: &[u32]) -> impl Iterator<Item = NameView<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let header = *data.get(at)?;
        let fore_len = ((header >> 8) & 0xff) as usize;
        let sur_len = (header & 0xff) as usize;
        let start = at + 1;
        let end = (start + fore_len + sur_len).min(data.len());
        let fore_end = (start + fore_len).min(end);
        at = end;
        Some(NameView { alias: header & ALIAS != 0, fore: &data[start..fore_end], sur: &data[fore_end..end] })
    })
}

/// The token is a forename (or middle name) in one of the entry's names.
pub(crate) const AS_FORENAME: u8 = 1;
/// The token is a surname, or part of one, in one of the entry's names.
pub(crate) const AS_SURNAME: u8 = 2;

/// Every token id the entry uses, once each, with the roles it plays.
pub(crate) fn distinct_tokens(data: &[u32]) -> Vec<(u32, u8)> {
    let mut out: Vec<(u32, u8)> = Vec::new();
    for name in decode(data) {
        out.extend(name.fore.iter().map(|&t| (t, AS_FORENAME)));
        out.extend(name.sur.iter().map(|&t| (t, AS_SURNAME)));
    }
    out.sort_unstable();
    let mut merged: Vec<(u32, u8)> = Vec::with_capacity(out.len());
    for (token, role) in out {
        match merged.last_mut() {
            Some(last) if last.0 == token => last.1 |= role,
            _ => merged.push((token, role)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_names_and_aliases() {
        let data = encode(&[(false, vec![1, 2], vec![3]), (true, vec![], vec![4, 5, 6]), (true, vec![], vec![])]);
        let names: Vec<NameView> = decode(&data).collect();
        assert_eq!(names.len(), 2);
        assert_eq!((names[0].alias, names[0].fore, names[0].sur), (false, &[1, 2][..], &[3][..]));
        assert_eq!((names[1].alias, names[1].fore, names[1].sur), (true, &[][..], &[4, 5, 6][..]));
        let f = AS_FORENAME;
        let s = AS_SURNAME;
        assert_eq!(distinct_tokens(&data), vec![(1, f), (2, f), (3, s), (4, s), (5, s), (6, s)]);
        let both = encode(&[(false, vec![7], vec![8]), (true, vec![8], vec![9])]);
        assert_eq!(distinct_tokens(&both), vec![(7, f), (8, f | s), (9, s)]);
    }
}
