//! Printing rows as an aligned table, JSON, JSON lines or CSV. JSON, JSON
//! lines and CSV are written row by row as they arrive, so a result of any
//! size streams through in constant memory; only a table, which must know
//! its column widths, holds its rows (and a table is for a person to read).

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use serde_json::Value;

/// The output formats every query understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned columns for reading on a terminal.
    Table,
    /// One JSON array of objects (or one object for a single record).
    Json,
    /// One JSON object per line, for large results.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Plain text, where a command has a report form (custody-record).
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Text => "text",
        }
    }

    /// `table` on a terminal, `json` when piped.
    pub fn for_stdout() -> Format {
        if io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(s.trim(), true).ok()
    }
}

/// Writes rows with fixed columns in one format.
pub struct Printer {
    format: Format,
    columns: &'static [&'static str],
    out: BufWriter<Stdout>,
    table: Vec<Vec<String>>,
    csv: Option<csv::Writer<BufWriter<Stdout>>>,
    rows: usize,
    /// The columns a table shows, by index, in its order: every column
    /// unless [`Printer::naming`] put names (names in place of ids).
    shown: Vec<usize>,
}

impl Printer {
    pub fn new(format: Format, columns: &'static [&'static str]) -> io::Result<Printer> {
        let shown = (0..columns.len()).collect();
        let mut printer = Printer {
            format,
            columns,
            out: BufWriter::new(io::stdout()),
            table: Vec::new(),
            csv: None,
            rows: 0,
            shown,
        };
        if format == Format::Csv {
            let mut writer = csv::Writer::from_writer(BufWriter::new(io::stdout()));
            writer.write_record(columns).map_err(csv_error)?;
            printer.csv = Some(writer);
        }
        Ok(printer)
    }

    /// A table (and text) shows each `(id, name)` pair's name column in
    /// place of its id column: the ids a machine reads give way to the
    /// names a person reads. A pair naming no column is left alone.
    pub fn naming(mut self, pairs: &[(&str, &str)]) -> Printer {
        let at = |name: &str| self.columns.iter().position(|c| *c == name);
        let pairs: Vec<(usize, usize)> = pairs.iter().filter_map(|(id, name)| Some((at(id)?, at(name)?))).collect();
        self.shown = (0..self.columns.len())
            .filter(|i| !pairs.iter().any(|(_, name)| name == i))
            .map(|i| pairs.iter().find(|(id, _)| *id == i).map_or(i, |(_, name)| *name))
            .collect();
        self
    }

    /// One row: a value per column, in column order.
    pub fn row(&mut self, values: Vec<Value>) -> io::Result<()> {
        debug_assert_eq!(values.len(), self.columns.len());
        match self.format {
            Format::Csv => {
                if let Some(writer) = &mut self.csv {
                    writer.write_record(values.iter().map(cell)).map_err(csv_error)?;
                }
            }
            Format::Json => {
                self.out.write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
                write_object(&mut self.out, self.columns, &values)?;
            }
            Format::Jsonl => {
                write_object(&mut self.out, self.columns, &values)?;
                self.out.write_all(b"\n")?;
            }
            Format::Table | Format::Text => {
                self.table.push(self.shown.iter().map(|&i| values.get(i).map(cell).unwrap_or_default()).collect())
            }
        }
        self.rows += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<usize> {
        match self.format {
            Format::Csv => {
                if let Some(mut writer) = self.csv.take() {
                    writer.flush()?;
                }
            }
            Format::Json => self.out.write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?,
            Format::Jsonl => {}
            Format::Table | Format::Text => {
                let columns: Vec<&str> = self.shown.iter().map(|&i| self.columns[i]).collect();
                write_table(&mut self.out, &columns, &self.table)?
            }
        }
        self.out.flush()?;
        Ok(self.rows)
    }
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A value as one table or CSV cell: lists joined with `;`, null empty.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// Writes `{"col": value, …}` keeping the column order (a map would sort it).
fn write_object(out: &mut impl Write, columns: &[&str], values: &[Value]) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (column, value)) in columns.iter().zip(values).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, column)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"}")
}

pub fn write_table(out: &mut impl Write, columns: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let text: Vec<String> = cells.zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        writeln!(out, "{}", text.join("  ").trim_end())
    };
    let upper: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
    line(out, &mut upper.iter().map(String::as_str))?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// Prints one serialisable value as pretty JSON (single records).
pub fn print_json(value: &impl serde::Serialize) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout());
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Prints `label: value` lines, aligned, for one record on a terminal.
pub fn print_fields(fields: &[(&str, String)]) -> io::Result<()> {
    let width = fields.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut out = BufWriter::new(io::stdout());
    for (k, v) in fields {
        writeln!(out, "{:<width$}  {v}", format!("{k}:"), width = width + 1)?;
    }
    out.flush()
}

/// One record's key fields: `label: value` lines, or a CSV header and row.
pub fn print_record_fields(format: Format, fields: &[(&str, String)]) -> anyhow::Result<()> {
    if format != Format::Csv {
        return Ok(print_fields(fields)?);
    }
    let mut out = csv::Writer::from_writer(io::stdout());
    out.write_record(fields.iter().map(|(k, _)| *k))?;
    out.write_record(fields.iter().map(|(_, v)| v.as_str()))?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_flatten_lists_and_nulls() {
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(["a", "b"])), "a;b");
        assert_eq!(cell(&json!(3)), "3");
        assert_eq!(cell(&json!(true)), "true");
    }

    #[test]
    fn objects_keep_column_order() {
        let mut out = Vec::new();
        write_object(&mut out, &["z", "a"], &[json!(1), json!("x")]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"z":1,"a":"x"}"#);
    }

    #[test]
    fn tables_align() {
        let mut out = Vec::new();
        write_table(&mut out, &["id", "name"], &[vec!["1".into(), "Ann".into()], vec!["22".into(), "B".into()]])
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ID  NAME\n1   Ann\n22  B\n");
    }
}
