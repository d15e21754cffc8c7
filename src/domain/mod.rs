//! The model and the policing rules. No I/O, no async: everything here is a
//! pure function of its inputs, so it can be tested exhaustively.

pub mod asb;
pub mod audit;
pub mod audit_chain;
pub mod audit_checkpoint;
pub mod bail;
pub mod bail_actions;
pub mod bail_diary;
pub mod bench_warrant;
pub mod boroughs;
pub mod case_lifecycle;
pub mod case_rules;
pub mod change;
pub mod charge_case;
pub mod crime;
pub mod ctl_watch;
pub mod custody;
pub mod dates;
pub mod disclosure;
pub mod erasure;
pub mod error;
pub mod event;
pub mod identifiers;
pub mod imported;
pub mod incident;
pub mod intelligence;
pub mod kind_set;
pub mod link;
pub mod location;
pub mod object;
pub mod pace;
pub mod person;
pub mod person_summary;
pub mod priority;
pub mod provenance;
pub mod reason;
pub mod role;
pub mod safeguarding;
pub mod text;
pub mod typed_filter;
pub mod warrant_lifecycle;
pub mod warrant_withdrawal;

pub use error::FieldError;
