//! Why a person's records belong together, printed the same way by
//! `query person ID --why` (through the server) and `admin why` (offline).

use std::fmt::Write;

use super::output::{self, Format, Printer};
use crate::api::linkage::{ImportedRecord, WhyReply};

/// Prints the evidence in `format`: text on a terminal, the reply as JSON,
/// or a row per field comparison as CSV or JSON lines. `name` is asked for
/// only when the text needs it.
pub async fn print<F>(reply: &WhyReply, format: Format, name: F) -> anyhow::Result<()>
where
    F: std::future::Future<Output = String>,
{
    match format {
        Format::Json => output::print_json(reply)?,
        Format::Table | Format::Text => print!("{}", render(&reply.person_id, &name.await, &reply.records)),
        Format::Csv | Format::Jsonl => {
            let mut printer = Printer::new(format, COLUMNS)?;
            for row in rows(&reply.records) {
                printer.row(row)?;
            }
            printer.finish()?;
        }
    }
    Ok(())
}

/// The evidence of each imported record of a person, as plain text.
pub fn render(person_id: &str, name: &str, records: &[ImportedRecord]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{person_id} {name}");
    if records.is_empty() {
        let _ = writeln!(out, "  no imported records");
    }
    for r in records {
        let score = r.score.map(|s| format!("{s:.1}")).unwrap_or_else(|| "-".into());
        let probability =
            r.evidence["probability"].as_f64().map(|p| format!(", match probability {p:.4}")).unwrap_or_default();
        let _ = writeln!(out, "  {} {}: {} (score {score}{probability})", r.source, r.source_ref, r.outcome);
        if let Some(n) = r.evidence["weights"].as_i64() {
            let _ = writeln!(
                out,
                "    weighed with the weights its import estimated, number {n} (admin linkage weights {n})"
            );
        }
        if let Some(note) = r.note() {
            let _ = writeln!(out, "    {note}");
        }
        for f in r.fields() {
            let _ = writeln!(out, "    {:<14} {:<24} {:+6.1}  {}", f.field, f.level, f.weight, f.detail);
        }
    }
    out
}

/// One CSV/JSON-lines row per field comparison (a record without any gets one row).
pub const COLUMNS: &[&str] = &["source", "source_ref", "outcome", "score", "field", "level", "weight", "detail"];

pub fn rows(records: &[ImportedRecord]) -> Vec<Vec<serde_json::Value>> {
    use serde_json::Value;
    let mut out = Vec::new();
    for r in records {
        let head = vec![
            Value::from(r.source.clone()),
            Value::from(r.source_ref.clone()),
            Value::from(r.outcome.clone()),
            r.score.map(Value::from).unwrap_or(Value::Null),
        ];
        let fields = r.fields();
        if fields.is_empty() {
            let mut row = head.clone();
            row.extend([Value::Null, Value::Null, Value::Null, Value::Null]);
            out.push(row);
        }
        for f in fields {
            let mut row = head.clone();
            row.extend([Value::from(f.field), Value::from(f.level), Value::from(f.weight), Value::from(f.detail)]);
            out.push(row);
        }
    }
    out
}
