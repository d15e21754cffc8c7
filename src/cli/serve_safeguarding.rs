//! `[safeguarding]` in the server's config file: the safeguarding desk's
//! clocks, and the force's own table of partner agencies in place of the
//! shipped one (`data/safeguarding-agencies.csv`).
//!
//! ```toml
//! [safeguarding]
//! sign_off_hours = 24
//! response_hours = 72
//! return_interview_hours = 72
//! agencies = "/etc/bluelamp/safeguarding-agencies.csv"
//! ```

use std::path::PathBuf;

use anyhow::Context;
use serde::Deserialize;

use crate::domain::safeguarding::agencies::parse_agencies;
use crate::domain::safeguarding::SafeguardingRules;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeguardingSection {
    pub sign_off_hours: Option<u32>,
    pub response_hours: Option<u32>,
    pub return_interview_hours: Option<u32>,
    pub agencies: Option<PathBuf>,
}

impl SafeguardingSection {
    /// The rules these settings make, the agency table read and checked.
    pub fn rules(&self) -> anyhow::Result<SafeguardingRules> {
        let mut rules = SafeguardingRules::default();
        if let Some(h) = self.sign_off_hours {
            rules.sign_off_hours = h;
        }
        if let Some(h) = self.response_hours {
            rules.response_hours = h;
        }
        if let Some(h) = self.return_interview_hours {
            rules.return_interview_hours = h;
        }
        rules.validate().map_err(|e| anyhow::anyhow!("safeguarding.{} {}", e.field, e.message))?;
        if let Some(path) = &self.agencies {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            rules.agencies =
                parse_agencies(&text).map_err(|e| anyhow::anyhow!("{}: {} {}", path.display(), e.field, e.message))?;
        }
        Ok(rules)
    }
}
