//! The numbers of PACE 1984 and Code C, as configuration with the statutory
//! figures as defaults, so a force can change them without touching the rules.

use chrono::Duration;

/// Every time limit the custody rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceRules {
    /// Detention without charge, from the relevant time (s.41): 24 h.
    pub limit_without_charge: Duration,
    /// The limit a superintendent's extension sets, from the relevant time (s.42): 36 h.
    pub extended_limit: Duration,
    /// The latest an extension may be given, after the relevant time (s.42(4)): 24 h.
    pub latest_extension: Duration,
    /// Reviews that must have been carried out before an extension (s.42(4)): 2.
    pub reviews_before_extension: usize,
    /// The longest period one warrant of further detention may authorise (ss.43–44): 36 h.
    pub max_warrant: Duration,
    /// Detention may never run beyond this, from the relevant time (s.44(3)): 96 h.
    pub max_detention: Duration,
    /// First review, after detention was first authorised (s.40(3)(a)): 6 h.
    pub first_review: Duration,
    /// Second and later reviews, after the previous one (s.40(3)(b),(c)): 9 h.
    pub review_interval: Duration,
    /// Observation level 1, general: a visit at least this often: 60 min.
    pub level1_visit: Duration,
    /// Observation level 2, intermittent, with rousing: 30 min.
    pub level2_visit: Duration,
    /// A visit shows as due soon this long before it falls due: 15 min.
    pub visit_due_soon: Duration,
    /// A review shows as due soon this long before it falls due: 30 min.
    pub review_due_soon: Duration,
    /// The detention clock shows as due soon this long before it runs out: 2 h.
    pub clock_due_soon: Duration,
    /// How far ahead of the server's clock an entry may be timed (clock drift
    /// between terminals), before it counts as timed in the future: 1 min.
    pub future_tolerance: Duration,
}

impl Default for PaceRules {
    fn default() -> Self {
        Self {
            limit_without_charge: Duration::hours(24),
            extended_limit: Duration::hours(36),
            latest_extension: Duration::hours(24),
            reviews_before_extension: 2,
            max_warrant: Duration::hours(36),
            max_detention: Duration::hours(96),
            first_review: Duration::hours(6),
            review_interval: Duration::hours(9),
            level1_visit: Duration::minutes(60),
            level2_visit: Duration::minutes(30),
            visit_due_soon: Duration::minutes(15),
            review_due_soon: Duration::minutes(30),
            clock_due_soon: Duration::hours(2),
            future_tolerance: Duration::minutes(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_statutory_figures() {
        let r = PaceRules::default();
        assert_eq!(r.limit_without_charge, Duration::hours(24));
        assert_eq!(r.extended_limit, Duration::hours(36));
        assert_eq!(r.latest_extension, Duration::hours(24));
        assert_eq!(r.reviews_before_extension, 2);
        assert_eq!(r.max_warrant, Duration::hours(36));
        assert_eq!(r.max_detention, Duration::hours(96));
        assert_eq!(r.first_review, Duration::hours(6));
        assert_eq!(r.review_interval, Duration::hours(9));
        assert_eq!(r.level1_visit, Duration::minutes(60));
        assert_eq!(r.level2_visit, Duration::minutes(30));
        assert_eq!(r.visit_due_soon, Duration::minutes(15));
        assert_eq!(r.review_due_soon, Duration::minutes(30));
        assert_eq!(r.clock_due_soon, Duration::hours(2));
    }
}
