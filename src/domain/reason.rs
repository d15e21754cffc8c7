//! The reason every consultation and change of personal data is recorded
//! with: the same rule whether the server records it or an offline admin
//! command writes the audit itself.

use super::FieldError;

/// The longest reason kept.
pub const MAX_CHARS: usize = 500;

/// The reason as recorded, trimmed; None when there is none.
pub fn trimmed(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|r| !r.is_empty())
}

/// The reason as recorded, or why it cannot be.
pub fn checked(text: &str) -> Result<String, FieldError> {
    let reason = trimmed(text).ok_or_else(|| FieldError::new("reason", "is required: say why"))?;
    if reason.chars().count() > MAX_CHARS {
        return Err(FieldError::new("reason", format!("is longer than {MAX_CHARS} characters")));
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
        assert!(checked(&"x".repeat(501)).unwrap_err().message.contains("500"));
        assert!(checked(&"x".repeat(500)).is_ok());
    }
}
