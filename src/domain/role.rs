//! User roles and what each may see and do. The server enforces this table;
//! the console only reflects it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::event::EventKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ControlRoom,
    CustodyOfficer,
    CustodySergeant,
    Inspector,
    Superintendent,
    Investigator,
    IntelligenceAnalyst,
    Safeguarding,
    Admin,
    /// Supervises the control room: works incidents as operators do, and
    /// alone may downgrade an I or S incident or close an I incident that
    /// nobody attended.
    ControlRoomSupervisor,
    /// The force crime registrar or a delegate: the designated decision
    /// maker who alone cancels a recorded crime.
    CrimeRegistrar,
    /// Supervises safeguarding: alone signs off (or returns) a submitted
    /// safeguarding report, never one they wrote.
    SafeguardingSupervisor,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::ControlRoom,
        Role::CustodyOfficer,
        Role::CustodySergeant,
        Role::Inspector,
        Role::Superintendent,
        Role::Investigator,
        Role::IntelligenceAnalyst,
        Role::Safeguarding,
        Role::Admin,
        Role::ControlRoomSupervisor,
        Role::CrimeRegistrar,
        Role::SafeguardingSupervisor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ControlRoom => "control_room",
            Role::CustodyOfficer => "custody_officer",
            Role::CustodySergeant => "custody_sergeant",
            Role::Inspector => "inspector",
            Role::Superintendent => "superintendent",
            Role::Investigator => "investigator",
            Role::IntelligenceAnalyst => "intelligence_analyst",
            Role::Safeguarding => "safeguarding",
            Role::Admin => "admin",
            Role::ControlRoomSupervisor => "control_room_supervisor",
            Role::CrimeRegistrar => "crime_registrar",
            Role::SafeguardingSupervisor => "safeguarding_supervisor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("'{s}' is not a role; roles are {}", names.join(", "))
        })
    }
}

/// The roles a user holds, with the questions the server asks of them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Roles(pub Vec<Role>);

impl Roles {
    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    fn any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// Whether records of this kind are shown to the user at all. A record
    /// the user may not read is withheld everywhere it could surface (the
    /// server's need-to-know rule, `server/access.rs`, reads this table).
    pub fn may_read(&self, kind: EventKind) -> bool {
        use Role::*;
        match kind {
            EventKind::Intelligence => self.any(&[IntelligenceAnalyst, Investigator, Inspector, Superintendent]),
            EventKind::Safeguarding => self.any(&[
                Safeguarding,
                SafeguardingSupervisor,
                Investigator,
                Inspector,
                Superintendent,
                IntelligenceAnalyst,
            ]),
            _ => !self.0.is_empty(),
        }
    }

    /// A kind of record some role may not read: intelligence and safeguarding.
    pub fn is_restricted(kind: EventKind) -> bool {
        Role::ALL.into_iter().any(|r| !Roles(vec![r]).may_read(kind))
    }

    /// Whether the user is told that records they may not read exist (as a
    /// count, without kind, role or date): users who read some restricted
    /// kind themselves, and so are vetted for it and know whom to ask.
    pub fn may_know_withheld(&self) -> bool {
        EventKind::ALL.into_iter().any(|k| Roles::is_restricted(k) && self.may_read(k))
    }

    /// Unsanitised intelligence (anything that could identify a source).
    pub fn may_read_unsanitised(&self) -> bool {
        self.has(Role::IntelligenceAnalyst)
    }

    /// Evaluating, sanitising, disseminating and reviewing intelligence:
    /// an intelligence officer.
    pub fn evaluates_intelligence(&self) -> bool {
        self.has(Role::IntelligenceAnalyst)
    }

    pub fn may_write(&self, kind: EventKind) -> bool {
        use Role::*;
        match kind {
            EventKind::Crime => {
                self.any(&[ControlRoom, ControlRoomSupervisor, Investigator, Inspector, Superintendent, CrimeRegistrar])
            }
            EventKind::Intelligence => self.any(&[IntelligenceAnalyst, Investigator]),
            EventKind::Safeguarding => self.any(&[Safeguarding, SafeguardingSupervisor, Investigator]),
            EventKind::Asb => {
                self.any(&[ControlRoom, ControlRoomSupervisor, Investigator, Safeguarding, Inspector, Superintendent])
            }
            EventKind::Custody => self.any(&[CustodyOfficer, CustodySergeant, Inspector, Superintendent]),
            EventKind::Case => self.any(&[Investigator]),
            EventKind::Warrant => self.any(&[ControlRoom, ControlRoomSupervisor, Investigator]),
            EventKind::Incident => self.any(&[ControlRoom, ControlRoomSupervisor]),
        }
    }

    /// What only a control room supervisor may do to an incident: downgrade
    /// an I or S grade, or close an I grade that nobody attended.
    pub fn supervises_control_room(&self) -> bool {
        self.has(Role::ControlRoomSupervisor)
    }

    /// Supervising crime investigations: reviews, and approving or
    /// returning a proposed outcome.
    pub fn supervises_crime(&self) -> bool {
        self.any(&[Role::Inspector, Role::Superintendent])
    }

    /// Cancelling a recorded crime: the designated decision maker.
    pub fn decides_crime_cancellation(&self) -> bool {
        self.has(Role::CrimeRegistrar)
    }

    /// Signing off (or returning) a submitted safeguarding report.
    pub fn supervises_safeguarding(&self) -> bool {
        self.has(Role::SafeguardingSupervisor)
    }

    /// Requesting an ASB case review before its trigger is met.
    pub fn supervises_asb(&self) -> bool {
        self.any(&[Role::Inspector, Role::Superintendent])
    }

    /// Reading personal data at all: every operational role and admin.
    pub fn may_read_people(&self) -> bool {
        !self.0.is_empty()
    }

    /// Creating and correcting person records.
    pub fn may_write_people(&self) -> bool {
        use Role::*;
        self.any(&[
            ControlRoom,
            ControlRoomSupervisor,
            CustodyOfficer,
            CustodySergeant,
            Investigator,
            IntelligenceAnalyst,
            Safeguarding,
            SafeguardingSupervisor,
            Admin,
        ])
    }

    /// Erasure, user management and the audit log.
    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("constable".parse::<Role>().unwrap_err().contains("control_room"));
    }

    #[test]
    fn control_room_does_not_see_intelligence_or_safeguarding() {
        let roles = Roles(vec![Role::ControlRoom]);
        assert!(!roles.may_read(EventKind::Intelligence));
        assert!(!roles.may_read(EventKind::Safeguarding));
        assert!(roles.may_read(EventKind::Warrant));
        assert!(!roles.may_write(EventKind::Custody));
        assert!(!roles.may_know_withheld());
    }

    #[test]
    fn the_control_room_works_incidents_and_others_read_them() {
        for role in Role::ALL {
            let roles = Roles(vec![role]);
            assert!(roles.may_read(EventKind::Incident), "{role}");
            let writes = matches!(role, Role::ControlRoom | Role::ControlRoomSupervisor);
            assert_eq!(roles.may_write(EventKind::Incident), writes, "{role}");
            assert_eq!(roles.supervises_control_room(), role == Role::ControlRoomSupervisor, "{role}");
        }
    }

    #[test]
    fn only_intelligence_and_safeguarding_are_restricted() {
        let restricted: Vec<EventKind> = EventKind::ALL.into_iter().filter(|k| Roles::is_restricted(*k)).collect();
        assert_eq!(restricted, vec![EventKind::Intelligence, EventKind::Safeguarding]);
        assert!(Roles(vec![Role::Safeguarding]).may_know_withheld());
        assert!(!Roles(vec![Role::CustodySergeant]).may_know_withheld());
        assert!(!Roles(vec![Role::Admin]).may_know_withheld());
    }
}
