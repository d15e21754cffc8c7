//! The server's config file (`bluelamp serve --config FILE`): what a force
//! tunes about its server, such as the warrant priority weights, the login
//! lockout and the session timeouts.
//!
//! ```toml
//! [warrant_priority]
//! violence = 40
//! age_days_per_point = 14
//!
//! [incidents]
//! reference = "CAD {serial} {DDMMMYY}"
//! immediate_minutes = 20
//!
//! [cases]
//! urn_force = "01"
//! urn_unit = "CU"
//! ctl_warning_days = 28
//! [crimes]
//! classification_hours = 24
//! review_every_days = 28
//! classes = "/etc/bluelamp/crime-classes.csv"
//! outcomes = "/etc/bluelamp/crime-outcomes.csv"
//!
//! [safeguarding]
//! sign_off_hours = 24
//! response_hours = 72
//! agencies = "/etc/bluelamp/safeguarding-agencies.csv"
//!
//! [asb]
//! repeat_victim_incidents = 2
//! repeat_victim_days = 365
//! review_trigger_incidents = 3
//! review_trigger_days = 183
//!
//! [login]
//! max_failures = 5
//! lockout_minutes = 15
//!
//! [session]
//! idle_minutes = 30
//!
//! [audit]
//! key = "/etc/bluelamp/audit.key"
//! checkpoint_every_entries = 1000
//! checkpoint_every_seconds = 60
//!
//! [erasure]
//! log = "/var/lib/bluelamp-erasures/erasures.jsonl"
//! ```

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use crate::console::config_error::ConfigError;
use crate::domain::case_rules::CaseRules;
use crate::domain::crime::tables::{parse_classes, parse_outcomes};
use crate::domain::crime::CrimeRules;
use crate::domain::incident::IncidentRules;
use crate::domain::priority::PriorityRules;
use crate::domain::FieldError;
use crate::server::login_guard::LoginPolicy;

/// Every table optional; an unknown key is an error, so a typo is not
/// silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfigFile {
    #[serde(default)]
    pub warrant_priority: PriorityRules,
    #[serde(default)]
    pub incidents: IncidentRules,
    #[serde(default)]
    pub cases: CaseRules,
    #[serde(default)]
    pub crimes: CrimesSection,
    #[serde(default)]
    pub safeguarding: super::serve_safeguarding::SafeguardingSection,
    #[serde(default)]
    pub asb: crate::domain::asb::AsbRules,
    #[serde(default)]
    pub login: LoginPolicy,
    #[serde(default)]
    pub session: SessionSettings,
    #[serde(default)]
    pub audit: AuditSection,
    #[serde(default)]
    pub erasure: ErasureSection,
}

/// How long a session lasts: ended by a spell without use, or at the latest
/// after `lifetime_hours` (which `--token-hours` overrides).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    pub idle_minutes: i64,
    pub lifetime_hours: Option<i64>,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self { idle_minutes: 30, lifetime_hours: None }
    }
}

impl SessionSettings {
    fn validate(&self) -> Result<(), FieldError> {
        if !(1..=24 * 60).contains(&self.idle_minutes) {
            return Err(FieldError::new("idle_minutes", "must be between 1 and 1440"));
        }
        if self.lifetime_hours.is_some_and(|h| !(1..=72).contains(&h)) {
            return Err(FieldError::new("lifetime_hours", "must be between 1 and 72"));
        }
        Ok(())
    }
}

/// `[audit]`: the key that signs the audit chain's checkpoints, and how often.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSection {
    /// The Ed25519 key file (`bluelamp admin audit keygen FILE`).
    pub key: Option<PathBuf>,
    /// The checkpoint log; beside the key when absent.
    pub checkpoint_log: Option<PathBuf>,
    /// 1 to 1,000,000; 1,000 when absent.
    pub checkpoint_every_entries: Option<i64>,
    /// 1 to 86,400; 60 when absent.
    pub checkpoint_every_seconds: Option<u64>,
}

/// `[crimes]`: the crime desk's clocks, and the force's own class and
/// outcome tables in place of the shipped ones (`data/crime-*.csv`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrimesSection {
    pub classification_hours: Option<u32>,
    pub review_every_days: Option<u32>,
    pub classes: Option<PathBuf>,
    pub outcomes: Option<PathBuf>,
}

impl CrimesSection {
    /// The rules these settings make, each table read and checked.
    pub fn rules(&self) -> anyhow::Result<CrimeRules> {
        let mut rules = CrimeRules::default();
        if let Some(h) = self.classification_hours {
            rules.classification_hours = h;
        }
        if let Some(d) = self.review_every_days {
            rules.review_every_days = d;
        }
        rules.validate().map_err(|e| anyhow::anyhow!("crimes.{} {}", e.field, e.message))?;
        let read =
            |path: &Path| std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()));
        let named = |path: &Path| {
            let shown = path.display().to_string();
            move |e: FieldError| anyhow::anyhow!("{shown}: {} {}", e.field, e.message)
        };
        if let Some(path) = &self.classes {
            rules.tables.classes = parse_classes(&read(path)?).map_err(named(path))?;
        }
        if let Some(path) = &self.outcomes {
            rules.tables.outcomes = parse_outcomes(&read(path)?).map_err(named(path))?;
        }
        Ok(rules)
    }
}

/// `[erasure]`: where erasures are logged outside the database.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureSection {
    pub log: Option<PathBuf>,
}

impl ServeConfigFile {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<ServeConfigFile> {
        let file: ServeConfigFile = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!(ConfigError::toml_line(origin, text, &e, "server config file")))?;
        let table =
            |name: &'static str| move |e: FieldError| anyhow::anyhow!("{origin}: {name}.{} {}", e.field, e.message);
        file.warrant_priority.validate().map_err(table("warrant_priority"))?;
        file.login.validate().map_err(table("login"))?;
        file.session.validate().map_err(table("session"))?;
        file.incidents.validate().map_err(table("incidents"))?;
        file.cases.validate().map_err(table("cases"))?;
        file.asb.validate().map_err(table("asb"))?;
        file.crimes.rules().map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
        file.safeguarding.rules().map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
        if file.audit.checkpoint_every_entries.is_some_and(|n| !(1..=1_000_000).contains(&n)) {
            anyhow::bail!("{origin}: audit.checkpoint_every_entries must be between 1 and 1000000");
        }
        if file.audit.checkpoint_every_seconds.is_some_and(|n| !(1..=86_400).contains(&n)) {
            anyhow::bail!("{origin}: audit.checkpoint_every_seconds must be between 1 and 86400");
        }
        Ok(file)
    }

    pub fn load(path: &Path) -> anyhow::Result<ServeConfigFile> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_come_from_the_file_and_the_rest_keep_their_defaults() {
        let file = ServeConfigFile::parse("[warrant_priority]\nviolence = 60\n", "test.toml").unwrap();
        assert_eq!(file.warrant_priority.violence, 60);
        assert_eq!(file.warrant_priority.domestic_abuse, PriorityRules::default().domestic_abuse);
        assert_eq!(ServeConfigFile::parse("", "empty.toml").unwrap().warrant_priority, PriorityRules::default());
    }

    #[test]
    fn login_and_session_settings_come_from_their_tables() {
        let text = "[login]\nmax_failures = 3\nlockout_minutes = 60\n[session]\nidle_minutes = 10\n";
        let file = ServeConfigFile::parse(text, "f.toml").unwrap();
        assert_eq!((file.login.max_failures, file.login.lockout_minutes), (3, 60));
        assert_eq!(file.login.account_attempts_per_minute, LoginPolicy::default().account_attempts_per_minute);
        assert_eq!(file.session, SessionSettings { idle_minutes: 10, lifetime_hours: None });
        let empty = ServeConfigFile::parse("", "empty.toml").unwrap();
        assert_eq!((empty.login, empty.session), (LoginPolicy::default(), SessionSettings::default()));
        let err = ServeConfigFile::parse("[login]\nmax_failures = 0\n", "f.toml").unwrap_err();
        assert_eq!(err.to_string(), "f.toml: login.max_failures must be between 1 and 100");
        let err = ServeConfigFile::parse("[session]\nidle_minutes = 0\n", "f.toml").unwrap_err();
        assert!(err.to_string().contains("session.idle_minutes"), "{err}");
        let err = ServeConfigFile::parse("[login]\nlockout = 5\n", "f.toml").unwrap_err();
        assert!(format!("{err:#}").contains("unknown field `lockout`"), "{err:#}");
    }

    #[test]
    fn the_audit_key_and_its_intervals_come_from_the_file() {
        let file = ServeConfigFile::parse(
            "[audit]\nkey = \"/etc/bluelamp/audit.key\"\ncheckpoint_every_seconds = 30\n[erasure]\nlog = \"e.jsonl\"\n",
            "f.toml",
        )
        .unwrap();
        assert_eq!(file.audit.key.as_deref(), Some(Path::new("/etc/bluelamp/audit.key")));
        assert_eq!(file.audit.checkpoint_every_seconds, Some(30));
        assert_eq!(file.erasure.log.as_deref(), Some(Path::new("e.jsonl")));
        let err = ServeConfigFile::parse("[audit]\ncheckpoint_every_entries = 0\n", "f.toml").unwrap_err();
        assert!(err.to_string().contains("audit.checkpoint_every_entries"), "{err}");
        let err = ServeConfigFile::parse("[audit]\nkeyfile = \"x\"\n", "f.toml").unwrap_err();
        assert!(format!("{err:#}").contains("unknown field `keyfile`"), "{err:#}");
    }

    #[test]
    fn typos_and_bad_weights_are_refused_with_the_key() {
        let err = ServeConfigFile::parse("[warrant_priority]\nviolense = 60\n", "f.toml").unwrap_err();
        assert!(format!("{err:#}").starts_with("f.toml:2:1: unknown field `violense`"), "{err:#}");
        let err = ServeConfigFile::parse("[warrant_priority\nviolence = 60\n", "f.toml").unwrap_err();
        assert!(format!("{err:#}").starts_with("f.toml:1:18: "), "{err:#}");
        let err = ServeConfigFile::parse("[warrant_priority]\nviolence = -1\n", "f.toml").unwrap_err();
        assert!(err.to_string().contains("warrant_priority.violence"), "{err}");
    }

    #[test]
    fn a_force_sets_its_incident_references_and_targets() {
        let file = ServeConfigFile::parse(
            "[incidents]\nreference = \"INC/{YYYY}/{serial:6}\"\nimmediate_minutes = 20\n",
            "f.toml",
        )
        .unwrap();
        assert_eq!(file.incidents.immediate_minutes, 20);
        assert_eq!(file.incidents.reference.to_string(), "INC/{YYYY}/{serial:6}");
        assert_eq!(file.incidents.significant_minutes, 60);
        let err = ServeConfigFile::parse("[incidents]\nreference = \"CAD {DD}\"\n", "f.toml").unwrap_err();
        assert!(format!("{err:#}").contains("{serial}"), "{err:#}");
        let err = ServeConfigFile::parse("[incidents]\nsignificant_minutes = 5\n", "f.toml").unwrap_err();
        assert!(err.to_string().contains("incidents.significant_minutes"), "{err}");
    }
}
