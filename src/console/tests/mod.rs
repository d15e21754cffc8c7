//! Console tests from fixture state at an injected clock; no server.

mod allocation;
mod asb;
mod case_watch;
mod crimes;
mod custody_desk;
mod entity;
mod fixtures;
mod harness;
mod incident_work;
mod incidents;
mod intelligence;
mod keymaps;
mod keys;
mod live;
mod own_writes;
mod pickers;
mod review;
mod review_server;
mod safeguarding;
mod server;
mod session;
mod snapshots;
mod structure;
mod visits;
mod warrant_forms;
