//! Password hashing with Argon2id, the password policy (long, and not on a
//! list of common and breached passwords), and the random bearer tokens of
//! a session.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use crate::domain::FieldError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Common and breached passwords, lower-cased (`data/README.md` gives the
/// sources and their licence), read once at the first check.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../data/common-passwords.txt").lines().filter(|l| !l.is_empty()).collect());

/// A password an officer can remember and an attacker cannot guess: at
/// least twelve characters, and not one that attackers try first (compared
/// without case, so `Password1234` is refused as `password1234` is).
pub fn check_strength(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(FieldError::new("password", format!("must be at least {MIN_LENGTH} characters")));
    }
    if password.len() > 1024 {
        return Err(FieldError::new("password", "is longer than 1024 bytes"));
    }
    if COMMON.contains(password.to_lowercase().as_str()) {
        return Err(FieldError::new(
            "password",
            "is on the list of common and breached passwords that attackers try first; choose another",
        ));
    }
    Ok(())
}

pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A fresh token (sent once to the user) and its hash (all the server keeps).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("bl_{}", hex::encode(bytes));
    let hashed = token_hash(&token);
    (token, hashed)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &a));
        assert!(!verify("wrong horse battery", &a));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(check_strength("short").is_err());
        for common in ["password1234", "Password1234", "QWERTY123456", "1qaz2wsx3edc"] {
            let refused = check_strength(common).unwrap_err();
            assert!(refused.message.contains("common"), "{common}: {}", refused.message);
        }
        assert!(check_strength("a long test passphrase").is_ok());
        assert!(check_strength(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_ne!(t1, t2);
        assert_eq!(token_hash(&t1), h1);
        assert_ne!(t1, h1);
    }
}
