//! Password hashing with Argon2id, and the random bearer tokens of a session.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use crate::domain::FieldError;

/// A password an officer can remember and an attacker cannot guess.
pub fn check_strength(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < 12 {
        return Err(FieldError::new("password", "must be at least 12 characters"));
    }
    if password.len() > 1024 {
        return Err(FieldError::new("password", "is longer than 1024 bytes"));
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
    fn tokens_are_random_and_stored_hashed() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_ne!(t1, t2);
        assert_eq!(token_hash(&t1), h1);
        assert_ne!(t1, h1);
    }
}
