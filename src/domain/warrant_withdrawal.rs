//! Why a warrant is withdrawn: one ground from a fixed list, and the
//! detail in words, long enough to mean something to whoever reads the
//! warrant later ("test" is not a reason to stop looking for someone).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::FieldError;

/// The fewest characters the detail of a withdrawal may have.
pub const MIN_DETAIL_CHARS: usize = 15;

/// The grounds a warrant is withdrawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalGround {
    /// The wanted person surrendered to the court.
    SurrenderedAtCourt,
    /// The court recalled or vacated the warrant.
    RecalledByCourt,
    /// The warrant was issued or received in error.
    IssuedInError,
    /// Another warrant covers the same matter.
    Duplicate,
    /// The wanted person has died.
    PersonDeceased,
    /// Anything else: the detail says what.
    Other,
}

impl WithdrawalGround {
    pub const ALL: [WithdrawalGround; 6] = [
        WithdrawalGround::SurrenderedAtCourt,
        WithdrawalGround::RecalledByCourt,
        WithdrawalGround::IssuedInError,
        WithdrawalGround::Duplicate,
        WithdrawalGround::PersonDeceased,
        WithdrawalGround::Other,
    ];

    /// In words, as the warrant and the audit keep it.
    pub fn label(self) -> &'static str {
        match self {
            WithdrawalGround::SurrenderedAtCourt => "Surrendered at court",
            WithdrawalGround::RecalledByCourt => "Recalled by the court",
            WithdrawalGround::IssuedInError => "Issued in error",
            WithdrawalGround::Duplicate => "Duplicate warrant",
            WithdrawalGround::PersonDeceased => "Person deceased",
            WithdrawalGround::Other => "Other",
        }
    }
}

/// The reason kept on the warrant: the ground, then the detail; or which
/// input is wrong and why.
pub fn reason(ground: WithdrawalGround, detail: &str) -> Result<String, FieldError> {
    require_text("action.reason", detail)?;
    let detail = detail.trim();
    if detail.chars().count() < MIN_DETAIL_CHARS {
        return Err(FieldError::new(
            "action.reason",
            format!("says too little: at least {MIN_DETAIL_CHARS} characters on why the warrant is withdrawn"),
        ));
    }
    Ok(format!("{}: {detail}", ground.label()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawal_names_its_ground_and_says_enough() {
        assert_eq!(
            reason(WithdrawalGround::SurrenderedAtCourt, "  Surrendered at Camberwell Green  ").unwrap(),
            "Surrendered at court: Surrendered at Camberwell Green"
        );
        let short = reason(WithdrawalGround::Other, "test").unwrap_err();
        assert_eq!(short.field, "action.reason");
        assert!(short.message.contains("at least 15 characters"), "{}", short.message);
        assert_eq!(reason(WithdrawalGround::Other, "   ").unwrap_err().field, "action.reason");
        // Counted in characters, not bytes.
        assert!(reason(WithdrawalGround::Duplicate, "é".repeat(MIN_DETAIL_CHARS).as_str()).is_ok());
    }
}
