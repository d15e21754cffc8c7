//! The operational console: a keyboard-driven terminal app over the API.

pub mod action;
pub mod config_error;
pub mod key;
pub mod keymap;
pub mod theme;
