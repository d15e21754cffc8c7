//! Every integration test, built as one binary: one link instead of one per
//! file keeps the build small enough for a fresh machine's disk and quick to
//! relink. Each module drives the real `bluelamp` binary or a real server.

#[macro_use]
mod common;

mod access_matrix;
mod api;
mod asb;
mod asb_cli;
mod audit;
mod audit_appends;
mod bail;
mod bail_carried;
mod bail_rearrest;
mod bench_warrant;
mod cases;
mod cli;
mod cli_flags;
mod cluster;
mod console_custody_desk;
mod console_desk_decisions;
mod console_desks;
mod console_e2e;
mod console_filters;
mod console_justice_chain;
mod console_operator;
mod console_pole;
mod console_protect;
mod crime_row;
mod crimes;
mod ctl_watch;
mod custody;
mod erasure;
mod event_links;
mod flags;
mod import;
mod import_api;
mod import_event_links;
mod incidents;
mod intel_drafts;
mod intel_search;
mod intel_stream;
mod intelligence;
mod justice_chain;
mod list_sorts;
mod live_gap;
mod need_to_know;
mod openapi;
mod overdue_queues;
mod parity;
mod places;
mod pole_index;
mod profile_pages;
mod queue_counts;
mod record_text;
mod review_due;
mod safeguarding;
mod safeguarding_upgrade;
mod search_ranking;
mod security;
mod subject_access;
mod vehicles_phones;
mod version_reads;
mod warrant_custody;
mod warrant_sort;
mod warrants;
