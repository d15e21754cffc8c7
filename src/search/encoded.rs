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

/// Every token id the entry uses, once each.
pub(crate) fn distinct_tokens(data: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = decode(data).flat_map(|n| n.fore.iter().chain(n.sur.iter()).copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
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
        assert_eq!(distinct_tokens(&data), vec![1, 2, 3, 4, 5, 6]);
    }
}
