//! Identifier formats: PNC ID, CRO number, URN, VRM and phone numbers.
//! Each parser accepts the forms people type and returns the canonical form.

use super::FieldError;

const PNC_CHECK_LETTERS: &[u8; 23] = b"ZABCDEFGHJKLMNPQRTUVWXY";

/// The PNC check letter for a two-digit year and a serial.
pub fn pnc_check_letter(year: u32, serial: u32) -> char {
    let number = u64::from(year) * 10_000_000 + u64::from(serial);
    PNC_CHECK_LETTERS[(number % 23) as usize] as char
}

/// Formats a PNC ID from its parts, with the check letter computed.
pub fn format_pnc(year: u32, serial: u32) -> String {
    format!("{:02}/{}{}", year % 100, serial, pnc_check_letter(year % 100, serial))
}

/// Parses `YY/NNNNNNNC` (also a four-digit year or no slash) and checks the
/// letter. Returns the canonical `YY/serialC`, serial without leading zeros.
pub fn parse_pnc(input: &str) -> Result<String, String> {
    if !input.is_ascii() {
        return Err(format!("'{input}' is not a PNC ID (YY/NNNNNNNC)"));
    }
    let text: String = input.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
    let (year_part, rest) = match text.split_once('/') {
        Some((y, r)) => (y.to_string(), r.to_string()),
        None if text.len() >= 4 => (text[..2].to_string(), text[2..].to_string()),
        None => return Err(format!("'{input}' is not a PNC ID (YY/NNNNNNNC)")),
    };
    let year_digits = match year_part.len() {
        2 => year_part.as_str(),
        4 => &year_part[2..],
        _ => return Err(format!("'{input}' is not a PNC ID: the year must be two digits")),
    };
    let year: u32 = year_digits.parse().map_err(|_| format!("'{input}' is not a PNC ID: the year must be digits"))?;
    let Some(letter) = rest.chars().last().filter(|c| c.is_ascii_alphabetic()) else {
        return Err(format!("'{input}' is not a PNC ID: it must end with a check letter"));
    };
    let serial_text = &rest[..rest.len() - 1];
    if serial_text.is_empty() || serial_text.len() > 7 || !serial_text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{input}' is not a PNC ID: the serial must be 1 to 7 digits"));
    }
    let serial: u32 = serial_text.parse().map_err(|_| format!("'{input}' is not a PNC ID: bad serial"))?;
    let expected = pnc_check_letter(year, serial);
    if letter != expected {
        return Err(format!("'{input}' has the wrong check letter: expected {expected}"));
    }
    Ok(format_pnc(year, serial))
}

/// Parses a CRO number `NNNNNN/YYC` and returns it upper-cased.
pub fn parse_cro(input: &str) -> Result<String, String> {
    if !input.is_ascii() {
        return Err(format!("'{input}' is not a CRO number (NNNNNN/YYC)"));
    }
    let text = input.trim().to_ascii_uppercase();
    let bad = || format!("'{input}' is not a CRO number (NNNNNN/YYC)");
    let (serial, rest) = text.split_once('/').ok_or_else(bad)?;
    let serial_ok = !serial.is_empty() && serial.len() <= 6 && serial.chars().all(|c| c.is_ascii_digit());
    let rest_ok = rest.len() == 3
        && rest[..2].chars().all(|c| c.is_ascii_digit())
        && rest[2..].chars().all(|c| c.is_ascii_alphabetic());
    if !serial_ok || !rest_ok {
        return Err(bad());
    }
    Ok(format!("{serial:0>6}/{rest}"))
}

/// Parses an 11-character URN: force (2 digits), unit (2), serial (5 digits), year (2 digits).
pub fn parse_urn(input: &str) -> Result<String, String> {
    let text: String = input.trim().to_ascii_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = text.as_bytes();
    let ok = bytes.len() == 11
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes[2..4].iter().all(u8::is_ascii_alphanumeric)
        && bytes[4..].iter().all(u8::is_ascii_digit);
    if !ok {
        return Err(format!(
            "'{input}' is not a URN: 11 characters, force (2 digits), unit (2), serial (5 digits), year (2 digits)"
        ));
    }
    Ok(text)
}

/// A VRM without spaces, upper-cased: the form stored and matched.
pub fn normalise_vrm(input: &str) -> String {
    input.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// Parses a UK registration mark in any of its formats; returns it without spaces.
pub fn parse_vrm(input: &str) -> Result<String, String> {
    let vrm = normalise_vrm(input);
    let has_digit = vrm.chars().any(|c| c.is_ascii_digit());
    let has_letter = vrm.chars().any(|c| c.is_ascii_alphabetic());
    let only_allowed = input.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    if !(2..=7).contains(&vrm.len()) || !has_digit || !has_letter || !only_allowed {
        return Err(format!("'{input}' is not a vehicle registration mark"));
    }
    Ok(vrm)
}

/// Shows a current-format VRM (`AB12CDE`) with its space (`AB12 CDE`).
pub fn display_vrm(vrm: &str) -> String {
    let b = vrm.as_bytes();
    let current = b.len() == 7
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphabetic);
    if current {
        format!("{} {}", &vrm[..4], &vrm[4..])
    } else {
        vrm.to_string()
    }
}

/// Digits of a UK phone number, with +44 turned into a leading 0.
pub fn parse_phone(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    if !trimmed.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Err(format!("'{input}' is not a phone number"));
    }
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    // +44 and 0044 are the UK's country code: the national form has one 0
    // (also when written "+44 (0) 7700…").
    let digits = match (digits.strip_prefix("44"), digits.strip_prefix("0044")) {
        (Some(rest), _) if trimmed.starts_with('+') => format!("0{}", rest.trim_start_matches('0')),
        (_, Some(rest)) => format!("0{}", rest.trim_start_matches('0')),
        _ => digits,
    };
    if !(10..=11).contains(&digits.len()) || !digits.starts_with('0') {
        return Err(format!("'{input}' is not a UK phone number"));
    }
    Ok(digits)
}

/// Turns a parser's message into an error naming the field.
pub fn field<T>(field: &str, result: Result<T, String>) -> Result<T, FieldError> {
    result.map_err(|message| FieldError::new(field, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pnc_check_letter_round_trips() {
        let id = format_pnc(98, 123_456);
        assert_eq!(parse_pnc(&id).unwrap(), id);
        assert_eq!(parse_pnc(&id.replace('/', "")).unwrap(), id);
    }

    #[test]
    fn pnc_with_wrong_letter_is_refused() {
        let id = format_pnc(98, 123_456);
        let last = id.chars().last().unwrap();
        let wrong = if last == 'Z' { 'A' } else { 'Z' };
        let bad = format!("{}{}", &id[..id.len() - 1], wrong);
        let err = parse_pnc(&bad).unwrap_err();
        assert!(err.contains("check letter"), "{err}");
    }

    #[test]
    fn pnc_check_letter_follows_the_table() {
        // 0 mod 23 maps to Z, 1 to A.
        assert_eq!(pnc_check_letter(0, 23), 'Z');
        assert_eq!(pnc_check_letter(0, 24), 'A');
    }

    #[test]
    fn urn_is_eleven_characters() {
        assert_eq!(parse_urn("01yE1234524").unwrap(), "01YE1234524");
        assert!(parse_urn("01YE123424").is_err());
        assert!(parse_urn("AAYE1234524").is_err());
    }

    #[test]
    fn vrm_matches_with_and_without_spaces() {
        assert_eq!(parse_vrm("ab12 cde").unwrap(), "AB12CDE");
        assert_eq!(display_vrm("AB12CDE"), "AB12 CDE");
        assert!(parse_vrm("!!").is_err());
    }

    #[test]
    fn non_ascii_input_is_refused_not_a_panic() {
        assert!(parse_pnc("98/1é23X").is_err());
        assert!(parse_pnc("é8/123X").is_err());
        assert!(parse_cro("12é/98X").is_err());
        assert!(parse_urn("01YÉ1234524").is_err());
        assert!(parse_vrm("AB12 ÇDE").is_err());
        assert!(parse_phone("07700 9ä0123").is_err());
    }

    #[test]
    fn cro_and_phone_normalise() {
        assert_eq!(parse_cro("1234/98x").unwrap(), "001234/98X");
        assert!(parse_cro("1234-98X").is_err());
        assert_eq!(parse_phone("+44 7700 900123").unwrap(), "07700900123");
        assert_eq!(parse_phone("0044 7700-900123").unwrap(), "07700900123");
        assert!(parse_phone("12").is_err());
    }
}
