//! The words of intelligence text as the search matches them: lower case,
//! letters and digits only, two characters or more, the commonest English
//! words left out (they would match nearly every report).

/// Words too common to tell reports apart.
const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "he", "her", "his", "in", "is", "it", "of",
    "on", "or", "she", "that", "the", "their", "they", "this", "to", "was", "were", "with",
];

/// Longer than this, a run of letters is not a word anyone types.
const LONGEST: usize = 40;

/// The distinct words of `text`, in the order first met.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        let word = raw.to_lowercase();
        if word.chars().count() < 2 || word.len() > LONGEST || STOP.contains(&word.as_str()) {
            continue;
        }
        if !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_distinct_and_without_the_commonest() {
        assert_eq!(
            words("Subject seen at the FLAT, flat 4 — a blue Golf (LB07 SEO)"),
            ["subject", "seen", "flat", "blue", "golf", "lb07", "seo"]
        );
        assert!(words("a I the of").is_empty());
    }
}
