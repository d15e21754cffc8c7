//! The reason every consultation and change of personal data is recorded
//! with: the same rule whether the server records it or an offline admin
//! command writes the audit itself.
//!
//! A reason must say something an auditor can follow up: at least two
//! words and at least eight characters ("arrest enquiry", "CAD 1234",
//! "SAR 2026/0142"), so "x", "check" or "checking" are refused. A word is a
//! run of letters or digits.

use super::FieldError;

/// The longest reason kept.
pub const MAX_CHARS: usize = 500;
/// The fewest characters a reason may have, once trimmed.
pub const MIN_CHARS: usize = 8;
/// The fewest words a reason may have.
pub const MIN_WORDS: usize = 2;

/// The reason as recorded, trimmed; None when there is none.
pub fn trimmed(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|r| !r.is_empty())
}

/// The reason as recorded, or why it cannot be.
pub fn checked(text: &str) -> Result<String, FieldError> {
    let reason = trimmed(text).ok_or_else(|| FieldError::new("reason", "is required: say why"))?;
    super::text::free_text("reason", &reason)?;
    let chars = reason.chars().count();
    if chars > MAX_CHARS {
        return Err(FieldError::new("reason", format!("is longer than {MAX_CHARS} characters")));
    }
    let words = reason.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
    if chars < MIN_CHARS || words < MIN_WORDS {
        return Err(FieldError::new(
            "reason",
            format!(
                "'{reason}' is too short to say why: give at least {MIN_WORDS} words and {MIN_CHARS} characters, \
                 such as 'arrest enquiry' or 'CAD 1234'"
            ),
        ));
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::checked;

    #[test]
    fn a_reason_is_trimmed_and_neither_blank_nor_too_long() {
        assert_eq!(checked("  welfare check ").unwrap(), "welfare check");
        assert_eq!(checked("   ").unwrap_err().field, "reason");
        assert!(checked(&"x ".repeat(251)).unwrap_err().message.contains("500"));
        assert!(checked(&"x ".repeat(250)).is_ok());
    }

    #[test]
    fn a_reason_says_something_an_auditor_can_follow() {
        for short in ["x", "check", "checking", "a b", "CAD 12", "-- --- --"] {
            let e = checked(short).unwrap_err();
            assert_eq!(e.field, "reason");
            assert!(e.message.contains("too short"), "{short}: {}", e.message);
        }
        for fine in ["arrest enquiry", "CAD 1234", "SAR 2026/0142", "PNC check", "welfare check"] {
            assert_eq!(checked(fine).unwrap(), fine);
        }
    }

    #[test]
    fn a_reason_is_free_text_an_auditor_reads_as_written() {
        assert!(checked("arrest\u{202E} enquiry").unwrap_err().message.contains("bidirectional"));
        assert!(checked("arrest\0 enquiry").unwrap_err().message.contains("NUL"));
    }
}
