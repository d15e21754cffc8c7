//! Printing a queue the server answers a page at a time: every page is
//! fetched in turn until the rows run out or `--limit` rows are printed.

use serde_json::Value;

use super::output::Printer;

/// One page as printable rows, with the key of the next page if any.
pub type PrintablePage = (Vec<Vec<Value>>, Option<String>);

/// Prints rows from `page(after)` — called first with no key, then with
/// each `next` the server gives — stopping after `limit` rows when set.
pub async fn print_pages(
    printer: &mut Printer,
    limit: Option<usize>,
    mut page: impl AsyncFnMut(Option<String>) -> anyhow::Result<PrintablePage>,
) -> anyhow::Result<()> {
    let mut printed = 0;
    let mut after = None;
    loop {
        let (rows, next) = page(after.take()).await?;
        for values in rows {
            if limit.is_some_and(|l| printed >= l) {
                break;
            }
            printer.row(values)?;
            printed += 1;
        }
        match next {
            Some(next) if limit.is_none_or(|l| printed < l) => after = Some(next),
            _ => return Ok(()),
        }
    }
}
