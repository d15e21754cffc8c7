//! Names into comparable tokens: lower-case ASCII letters with accents
//! folded, apostrophes dropped (O'Brien is "obrien") and every other mark a
//! break (Smith-Jones is "smith" and "jones"). Search and linkage read a
//! name through these alone, so both see the same words.

/// The ASCII letters a character folds to, or None for a break.
fn fold(c: char) -> Option<&'static str> {
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z",
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii_lowercase() {
        return Some(LETTERS[(lower as u8 - b'a') as usize]);
    }
    let folded = match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(folded)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

/// The name tokens of a piece of text, in order.
pub fn name_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_apostrophe(c) {
            continue;
        }
        match fold(c) {
            Some(letters) => current.push_str(letters),
            None if !current.is_empty() => tokens.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// A surname's tokens: each part, and for a double-barrelled or spaced name
/// the parts run together as well, so "Smith-Jones", "smith jones" and
/// "smithjones" all meet.
pub fn surname_tokens(surname: &str) -> Vec<String> {
    let mut parts = name_tokens(surname);
    if parts.len() > 1 {
        let joined = parts.concat();
        parts.push(joined);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_apostrophes_and_breaks() {
        assert_eq!(name_tokens("O'Brien"), vec!["obrien"]);
        assert_eq!(name_tokens("  JOSÉ  María "), vec!["jose", "maria"]);
        assert_eq!(name_tokens("Smith-Jones"), vec!["smith", "jones"]);
        assert_eq!(name_tokens("Strauß"), vec!["strauss"]);
        assert!(name_tokens("محمد").is_empty());
    }

    #[test]
    fn double_barrelled_surnames_keep_the_joined_form() {
        assert_eq!(surname_tokens("Smith-Jones"), vec!["smith", "jones", "smithjones"]);
        assert_eq!(surname_tokens("Smith"), vec!["smith"]);
    }
}
