//! Bluelamp: one record for every person, one search across all of it, and a
//! live terminal console, over a central API.

pub mod api;
pub mod client;
pub mod console;
pub mod domain;
