//! Every pane, once. Each line names a pane's `PaneId` variant, its field
//! in `State` with that field's type (from `state/`), and its `Pane` (in
//! `update/`, in the file named like the field). The field's name is also
//! the pane's keymap table (`[board]`) and the word that switches to it in
//! the palette. `state/mod.rs` makes `PaneId` and `State` from this list and
//! `update/registry.rs` the table of panes the dispatcher asks; the order of
//! the lines is the order of the tabs.

/// Hands the list of panes to macro `$then`, which makes what it needs of
/// it: `Variant => field: Type, PaneStruct;` a line.
macro_rules! with_panes {
    ($then:ident) => {
        $then! {
            Lookup => lookup: Lookup, LookupPane;
            Profile => profile: ProfileView, ProfilePane;
            Board => board: Board, BoardPane;
            Warrants => warrants: Warrants, WarrantsPane;
            Cases => cases: Cases, CasesPane;
            // No tab: one record opened from a list or a timeline.
            Event => event: Option<EventView>, EventPane;
            // No tab: a vehicle, phone or place opened from the lookup or a profile.
            Entity => entity: EntityView, EntityPane;
            Review => review: ReviewQueue, ReviewPane;
            Incidents => incidents: incidents::Incidents, IncidentsPane;
            Crimes => crimes: crimes::Crimes, CrimesPane;
            Intelligence => intelligence: intelligence::Intelligence, IntelligencePane;
            Safeguarding => safeguarding: safeguarding::Safeguarding, SafeguardingPane;
            Asb => asb: asb::Asb, AsbPane;
            Bail => bail: bail::Bail, BailPane;
        }
    };
}

pub(crate) use with_panes;
