//! Identifiers of vehicles and handsets beyond the number plate and the
//! number: VIN, IMEI and IMSI, and a UK phone number in E.164 form.

use super::identifiers::parse_phone;

/// A UK number in E.164 (`+447700900123`), from any form people write:
/// `07700 900123`, `+44 7700 900123`, `0044 7700-900123`.
pub fn parse_phone_e164(input: &str) -> Result<String, String> {
    let national = parse_phone(input)?;
    Ok(format!("+44{}", &national[1..]))
}

/// The number as people say it, from E.164: `07700 900123`.
pub fn display_phone(e164: &str) -> String {
    match e164.strip_prefix("+44") {
        Some(rest) if rest.len() == 10 => format!("0{} {}", &rest[..4], &rest[4..]),
        Some(rest) => format!("0{rest}"),
        None => e164.to_string(),
    }
}

/// A handset's IMEI: 15 digits whose last is the Luhn check digit (spaces,
/// dashes and slashes allowed as written on a box or a label).
pub fn parse_imei(input: &str) -> Result<String, String> {
    let digits = digits_only(input).ok_or_else(|| format!("'{input}' is not an IMEI (15 digits)"))?;
    if digits.len() != 15 {
        return Err(format!("'{input}' is not an IMEI: it has {} digits, not 15", digits.len()));
    }
    if !luhn_valid(&digits) {
        return Err(format!("'{input}' is not an IMEI: the check digit is wrong"));
    }
    Ok(digits)
}

/// A SIM's IMSI: 14 or 15 digits (country, network, subscriber).
pub fn parse_imsi(input: &str) -> Result<String, String> {
    let digits = digits_only(input).ok_or_else(|| format!("'{input}' is not an IMSI (15 digits)"))?;
    if !(14..=15).contains(&digits.len()) {
        return Err(format!("'{input}' is not an IMSI: it has {} digits, not 15", digits.len()));
    }
    Ok(digits)
}

/// A vehicle identification number: 17 letters and digits, never I, O or Q.
pub fn parse_vin(input: &str) -> Result<String, String> {
    let vin: String = input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    if vin.len() != 17 || !vin.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("'{input}' is not a VIN: 17 letters and digits"));
    }
    if let Some(c) = vin.chars().find(|c| matches!(c, 'I' | 'O' | 'Q')) {
        return Err(format!("'{input}' is not a VIN: a VIN never has the letter {c}"));
    }
    Ok(vin)
}

fn digits_only(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() || !trimmed.chars().all(|c| c.is_ascii_digit() || " -/".contains(c)) {
        return None;
    }
    Some(trimmed.chars().filter(|c| c.is_ascii_digit()).collect())
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// The Luhn check digit that completes `body` (14 digits for an IMEI).
pub fn luhn_check_digit(body: &str) -> char {
    for d in 0..10u8 {
        let candidate = format!("{body}{d}");
        if luhn_valid(&candidate) {
            return char::from(b'0' + d);
        }
    }
    '0'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_numbers_in_every_common_form_are_one_number() {
        for typed in ["07700 900123", "07700-900-123", "+44 7700 900123", "0044 7700 900123", "+447700900123"] {
            assert_eq!(parse_phone_e164(typed).unwrap(), "+447700900123", "{typed}");
        }
        assert_eq!(display_phone("+447700900123"), "07700 900123");
        assert!(parse_phone_e164("0770090012").is_ok(), "ten-digit numbers are UK numbers too");
        assert!(parse_phone_e164("12345").is_err());
        assert!(parse_phone_e164("0033 612345678").is_err());
    }

    #[test]
    fn an_imei_needs_its_check_digit() {
        assert_eq!(parse_imei("49-015420-323751-8").unwrap(), "490154203237518");
        assert!(parse_imei("490154203237519").unwrap_err().contains("check digit"));
        assert!(parse_imei("4901542032").unwrap_err().contains("10 digits"));
        assert!(parse_imei("49015420323751x").is_err());
        let body = "35209900176148";
        assert!(parse_imei(&format!("{body}{}", luhn_check_digit(body))).is_ok());
    }

    #[test]
    fn imsi_and_vin_are_checked() {
        assert_eq!(parse_imsi("234 15 1234567890").unwrap(), "234151234567890");
        assert!(parse_imsi("2341").is_err());
        assert_eq!(parse_vin("wvwzzz1jz3w386752").unwrap(), "WVWZZZ1JZ3W386752");
        assert!(parse_vin("WVWZZZ1JZ3W38675").is_err());
        assert!(parse_vin("WVWZZZ1JZ3W3867O2").unwrap_err().contains("letter O"));
    }
}
