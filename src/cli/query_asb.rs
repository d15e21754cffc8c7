//! `bluelamp query asb`: ASB cases page by page, open unless asked
//! otherwise, filtered by whether the review trigger is met, borough,
//! status and category, each with its incidents, trigger, flagged victims
//! and review.

use clap::Args;
use serde_json::{json, Value};

use super::asb_words;
use super::choice;
use super::output::{Format, Printer};
use super::rows::time;
use crate::api::asb::{AsbCaseView, AsbCasesQuery};
use crate::client::Client;
use crate::domain::asb::AsbCategory;
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{EventDetails, OpenClosed};

#[derive(Debug, Args)]
pub struct AsbArgs {
    /// Only cases whose review trigger is met now (--trigger-met) or not (--trigger-met=false).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_parser = clap::value_parser!(bool))]
    pub trigger_met: Option<bool>,
    /// Open or closed; open when left out.
    #[arg(long, value_parser = choice::api::<OpenClosed>())]
    pub status: Option<OpenClosed>,
    #[arg(long, value_parser = choice::api::<AsbCategory>())]
    pub category: Option<AsbCategory>,
    /// A London borough, in any case.
    #[arg(long, value_parser = choice::one_of(&BOROUGHS), hide_possible_values = true)]
    pub borough: Option<String>,
    /// The order: the newest first (the default) or the oldest first.
    #[arg(long, value_enum)]
    pub sort: Option<super::list_order::ListOrder>,
    /// Stop after this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub const ASB_COLUMNS: &[&str] =
    &["id", "reference", "category", "status", "borough", "occurred_at", "incidents", "trigger", "victims", "review"];

fn row(r: &AsbCaseView) -> Option<Vec<Value>> {
    let EventDetails::Asb(d) = &r.event.details else { return None };
    Some(vec![
        json!(r.event.id),
        json!(r.event.reference),
        json!(d.category),
        json!(r.event.status),
        json!(r.event.borough),
        time(r.event.occurred_at),
        json!(d.incidents.len()),
        json!(asb_words::trigger(&r.standing)),
        json!(asb_words::victims(&r.standing)),
        json!(asb_words::review(d)),
    ])
}

pub async fn asb(client: &Client, a: AsbArgs, format: Format) -> anyhow::Result<()> {
    let mut printer = Printer::new(format, ASB_COLUMNS)?;
    let mut query = AsbCasesQuery {
        trigger_met: a.trigger_met,
        status: a.status,
        category: a.category,
        borough: a.borough,
        sort: super::list_order::ListOrder::param(a.sort),
        limit: Some(a.limit.unwrap_or(usize::MAX).clamp(1, 1000)),
        ..AsbCasesQuery::default()
    };
    super::paging::print_pages(&mut printer, a.limit, async |after| {
        query.after = after;
        let page = client.asb_cases(&query).await?;
        Ok((page.rows.iter().filter_map(row).collect(), page.next))
    })
    .await?;
    printer.finish()?;
    Ok(())
}
