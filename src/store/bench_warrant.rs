//! A failure to appear as one write: the case with the hearing's outcome
//! and the bench warrant it issued, each naming the other. A refusal of
//! either, such as a case changed since it was read, writes neither.

use super::codec::new_id;
use super::write::{Actor, WriteTx};
use super::{Result, Store};
use crate::domain::charge_case::push_once;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::link::LinkedRecord;

impl Store {
    /// Writes the bench warrant `warrant` (validated, already naming the
    /// case) and the case `case_id`, seen at `expected`, rewritten as
    /// `case` with the warrant linked; returns the case and the warrant.
    pub async fn fail_to_appear(
        &self,
        actor: &Actor,
        case_id: &str,
        expected: i64,
        mut case: EventInput,
        warrant: EventInput,
    ) -> Result<(Event, Event)> {
        let mut w = self.begin_write().await?;
        w.check_people(&warrant).await?;
        let warrant = w.insert_new_event(actor, new_id(), warrant).await?;
        if let EventDetails::Case(d) = &mut case.details {
            push_once(&mut d.warrants, &LinkedRecord::to(&warrant));
        }
        let case = w.update_event(actor, EventKind::Case, case_id, expected, case).await?;
        w.commit().await?;
        Ok((case, warrant))
    }
}

impl WriteTx<'_> {
    /// The case names `custody` among its custody records, as read inside
    /// this transaction (an arrest on its bench warrant).
    pub(super) async fn link_custody_to_case(&mut self, actor: &Actor, case_id: &str, custody: &Event) -> Result<()> {
        let case = self.current_event(EventKind::Case, case_id).await?;
        let mut details = case.details.clone();
        if let EventDetails::Case(d) = &mut details {
            if d.custody_records.iter().any(|l| l.id == custody.id) {
                return Ok(());
            }
            push_once(&mut d.custody_records, &LinkedRecord::to(custody));
        }
        let input = EventInput { details, ..case.as_input() };
        self.update_event(actor, EventKind::Case, case_id, case.version, input).await?;
        Ok(())
    }
}
