//! The matching primitives subject search and record linkage share, so that
//! both read a name and a date of birth alike: name tokens, nickname groups,
//! sound-alike codes, the edit distance and likeness of two tokens, and how
//! far two dates of birth (or an age) agree. What a match is worth stays
//! with each caller. Pure, and free of allocation where the callers score
//! many candidates; imports only `domain`.

mod distance;
mod dob;
mod likeness;
mod nicknames;
mod phonetic;
mod tokens;

pub use distance::{bag_distance, edit_distance};
pub use dob::{age_agreement, dob_agreement, swapped_date, AgeAgreement, DobAgreement, Slip};
pub use likeness::jaro_winkler;
pub use nicknames::{NicknameError, Nicknames};
pub use phonetic::{phonetic_codes, primary_code};
pub use tokens::{name_tokens, surname_tokens};
