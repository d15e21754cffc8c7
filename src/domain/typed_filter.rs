//! The words an operator types to narrow a list: each must appear, in any
//! case, in one of a row's fields. The console narrows the rows it holds by
//! them and the server the rows it pages, so both must agree.

/// Whether every word of `text` is found in one of `fields`.
pub fn matches_words(text: &str, fields: &[&str]) -> bool {
    let text = text.trim().to_lowercase();
    text.is_empty() || text.split_whitespace().all(|word| fields.iter().any(|f| f.to_lowercase().contains(word)))
}

#[cfg(test)]
mod tests {
    use super::matches_words;

    #[test]
    fn every_word_is_found_in_some_field_in_any_case() {
        let fields = ["Marcus Whitfield", "WT/26/0000123", "Robbery"];
        assert!(matches_words("", &fields));
        assert!(matches_words("  whitfield ROBBERY ", &fields));
        assert!(matches_words("0000123", &fields));
        assert!(!matches_words("whitfield burglary", &fields));
    }
}
