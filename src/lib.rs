//! Bluelamp: one record for every person, one search across all of it, and a
//! live terminal console, over a central API.

pub mod api;
pub mod cli;
pub mod client;
pub mod console;
pub mod domain;
pub mod import;
pub mod linkage;
pub mod matching;
pub mod search;
pub mod seed;
pub mod server;
pub mod store;

#[cfg(test)]
mod layers;
