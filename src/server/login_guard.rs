//! What stands between a password guesser and the accounts, before any
//! password is hashed: attempts limited per source address and per account
//! name, and the lockout of names that are not accounts, kept exactly as the
//! store keeps real accounts' lockouts so that a refusal never tells which
//! names exist.
//!
//! The limits are this server's own (in memory); lockouts of real accounts
//! are in the database and hold on every server.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::domain::FieldError;

/// The `[login]` table of the server's config file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginPolicy {
    /// Failed logins in a row that lock an account…
    pub max_failures: u32,
    /// …for this long, unless an admin unlocks it sooner.
    pub lockout_minutes: u32,
    /// Attempts one address may make in a minute (a success gives its back).
    pub address_attempts_per_minute: u32,
    /// Attempts at one account name in a minute (a success gives its back).
    pub account_attempts_per_minute: u32,
    /// Passwords checked at once; 0 is one fewer than the cores, at least one.
    pub hash_workers: usize,
    /// Logins that may wait for a worker; beyond them, 429.
    pub hash_queue: usize,
    /// A refused attempt is answered after this long (at most its
    /// `Retry-After`): a guesser that does not wait is slowed all the same,
    /// at the cost of a sleeping task, not of a core.
    pub refusal_delay_ms: u64,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lockout_minutes: 15,
            address_attempts_per_minute: 30,
            account_attempts_per_minute: 10,
            hash_workers: 0,
            hash_queue: 4,
            refusal_delay_ms: 1000,
        }
    }
}

impl LoginPolicy {
    pub fn validate(&self) -> Result<(), FieldError> {
        let within = |field: &str, value: u64, low: u64, high: u64| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(FieldError::new(field, format!("must be between {low} and {high}")))
            }
        };
        within("max_failures", self.max_failures.into(), 1, 100)?;
        within("lockout_minutes", self.lockout_minutes.into(), 1, 24 * 60)?;
        within("address_attempts_per_minute", self.address_attempts_per_minute.into(), 1, 10_000)?;
        within("account_attempts_per_minute", self.account_attempts_per_minute.into(), 1, 10_000)?;
        within("hash_workers", self.hash_workers as u64, 0, 256)?;
        within("hash_queue", self.hash_queue as u64, 0, 10_000)?;
        within("refusal_delay_ms", self.refusal_delay_ms, 0, 10_000)
    }

    pub fn lockout(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.lockout_minutes.into())
    }
}

/// Why an attempt was refused before its password was looked at, and when
/// to try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub retry_after: Duration,
    /// The first refusal of a run for this address or account (the one the
    /// audit records; the rest of the run is counted, not written).
    pub first: bool,
    pub what: Limited,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limited {
    Address(IpAddr),
    Account(String),
}

/// An attempt let through; give it back (`refund`) when it succeeds or was
/// never checked, so that only failures use up the allowance.
#[derive(Debug)]
pub struct Admitted {
    address: Option<IpAddr>,
    account: String,
}

pub struct LoginGuard {
    policy: LoginPolicy,
    addresses: Limiter<IpAddr>,
    accounts: Limiter<String>,
    /// Names that are no account: failures in a row, and the lockout.
    unknown: Mutex<HashMap<String, Phantom>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Phantom {
    failures: u32,
    locked_until: Option<Instant>,
}

/// Most entries kept before the stale ones are swept.
const SWEEP_AT: usize = 100_000;

impl LoginGuard {
    pub fn new(policy: LoginPolicy) -> Self {
        Self {
            addresses: Limiter::per_minute(policy.address_attempts_per_minute),
            accounts: Limiter::per_minute(policy.account_attempts_per_minute),
            unknown: Mutex::new(HashMap::new()),
            policy,
        }
    }

    pub fn policy(&self) -> &LoginPolicy {
        &self.policy
    }

    /// The name an account's allowance is kept under: case folded, so
    /// `PC.Adams` and `pc.adams` share one.
    pub fn account_key(username: &str) -> String {
        username.chars().take(64).collect::<String>().to_lowercase()
    }

    /// Lets an attempt from `address` at `username` through, or refuses it.
    pub fn admit(&self, address: Option<IpAddr>, username: &str) -> Result<Admitted, Refusal> {
        let now = Instant::now();
        let account = Self::account_key(username);
        if let Some(ip) = address {
            self.addresses.take(&ip, now).map_err(|(retry_after, first)| Refusal {
                message: "too many login attempts from this address; wait before trying again".into(),
                retry_after,
                first,
                what: Limited::Address(ip),
            })?;
        }
        if let Err((retry_after, first)) = self.accounts.take(&account, now) {
            if let Some(ip) = address {
                self.addresses.give_back(&ip);
            }
            return Err(Refusal {
                message: "too many login attempts for this account; wait before trying again".into(),
                retry_after,
                first,
                what: Limited::Account(account),
            });
        }
        Ok(Admitted { address, account })
    }

    /// Gives an attempt's allowance back (it succeeded, or no password was checked).
    pub fn refund(&self, admitted: &Admitted) {
        if let Some(ip) = admitted.address {
            self.addresses.give_back(&ip);
        }
        self.accounts.give_back(&admitted.account);
    }

    /// When the lockout of a name that is no account ends, if it is locked.
    pub fn unknown_locked(&self, username: &str) -> Option<Duration> {
        let now = Instant::now();
        let unknown = self.unknown.lock().unwrap_or_else(|e| e.into_inner());
        unknown.get(&Self::account_key(username))?.locked_until.and_then(|until| until.checked_duration_since(now))
    }

    /// A failed login at a name that is no account, counted as the store
    /// counts a real account's; true when it locked the name.
    pub fn unknown_failed(&self, username: &str) -> bool {
        let now = Instant::now();
        let mut unknown = self.unknown.lock().unwrap_or_else(|e| e.into_inner());
        if unknown.len() >= SWEEP_AT {
            unknown.retain(|_, p| p.locked_until.is_some_and(|until| until > now));
        }
        let phantom = unknown.entry(Self::account_key(username)).or_default();
        phantom.failures += 1;
        if phantom.failures >= self.policy.max_failures {
            let lockout = Duration::from_secs(u64::from(self.policy.lockout_minutes) * 60);
            *phantom = Phantom { failures: 0, locked_until: Some(now + lockout) };
            true
        } else {
            false
        }
    }

    /// An admin unlocked the account: its allowance here starts afresh too.
    pub fn forget_account(&self, username: &str) {
        self.accounts.forget(&Self::account_key(username));
    }
}

/// A generic cell rate algorithm per key: `burst` attempts at once, then one
/// every `interval`; each key keeps only the time its allowance is next
/// full ("theoretical arrival time").
struct Limiter<K> {
    interval: Duration,
    burst: u32,
    cells: Mutex<HashMap<K, Cell>>,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    full_at: Instant,
    /// A run of refusals began and the allowance has not been whole since.
    refusing: bool,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    fn per_minute(attempts: u32) -> Self {
        let attempts = attempts.max(1);
        Self { interval: Duration::from_secs(60) / attempts, burst: attempts, cells: Mutex::new(HashMap::new()) }
    }

    /// Takes one attempt of `key`'s allowance, or says how long until there
    /// is one (and whether this is the first refusal of a run).
    fn take(&self, key: &K, now: Instant) -> Result<(), (Duration, bool)> {
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        if cells.len() >= SWEEP_AT {
            cells.retain(|_, c| c.full_at > now);
        }
        let cell = cells.entry(key.clone()).or_insert(Cell { full_at: now, refusing: false });
        if cell.full_at <= now {
            // The allowance is whole again: a later refusal starts a new run.
            cell.refusing = false;
        }
        let full_at = cell.full_at.max(now) + self.interval;
        let window = self.interval * self.burst;
        if full_at - now > window {
            let first = !cell.refusing;
            cell.refusing = true;
            return Err((full_at - now - window, first));
        }
        cell.full_at = full_at;
        Ok(())
    }

    fn give_back(&self, key: &K) {
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cell) = cells.get_mut(key) {
            cell.full_at = cell.full_at.checked_sub(self.interval).unwrap_or(cell.full_at);
        }
    }

    fn forget(&self, key: &K) {
        self.cells.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LoginPolicy {
        LoginPolicy { address_attempts_per_minute: 3, account_attempts_per_minute: 2, ..LoginPolicy::default() }
    }

    #[test]
    fn an_address_has_its_burst_then_waits() {
        let limiter = Limiter::per_minute(3);
        let now = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(&1, now).is_ok());
        }
        let (wait, first) = limiter.take(&1, now).unwrap_err();
        assert!(first && wait > Duration::from_secs(19) && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(!limiter.take(&1, now).unwrap_err().1, "one run of refusals is audited once");
        assert!(limiter.take(&2, now).is_ok(), "another key has its own allowance");
        let later = now + Duration::from_secs(20);
        assert!(limiter.take(&1, later).is_ok(), "one attempt back every 20 s");
        assert!(!limiter.take(&1, later).unwrap_err().1, "still the same run");
        assert!(limiter.take(&1, now + Duration::from_secs(80)).is_ok());
        let (_, first) = (0..3).find_map(|_| limiter.take(&1, now + Duration::from_secs(80)).err()).unwrap();
        assert!(first, "a run after the allowance was whole again is audited anew");
    }

    #[test]
    fn successes_give_their_attempt_back() {
        let guard = LoginGuard::new(policy());
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..10 {
            let admitted = guard.admit(Some(ip), "PC.Adams").unwrap();
            guard.refund(&admitted);
        }
        guard.admit(Some(ip), "pc.adams").unwrap();
        guard.admit(Some(ip), "pc.adams").unwrap();
        let refused = guard.admit(Some(ip), "pc.ADAMS").unwrap_err();
        assert_eq!(refused.what, Limited::Account("pc.adams".into()), "names are limited without case");
        guard.admit(Some(ip), "sgt.jones").unwrap();
        let refused = guard.admit(Some(ip), "insp.patel").unwrap_err();
        assert_eq!(refused.what, Limited::Address(ip));
        guard.forget_account("pc.adams");
        assert_eq!(guard.admit(Some(ip), "pc.adams").unwrap_err().what, Limited::Address(ip));
    }

    #[test]
    fn names_that_are_no_account_lock_as_accounts_do() {
        let guard = LoginGuard::new(LoginPolicy { max_failures: 3, ..policy() });
        assert!(!guard.unknown_failed("ghost"));
        assert!(!guard.unknown_failed("Ghost"));
        assert!(guard.unknown_locked("ghost").is_none());
        assert!(guard.unknown_failed("GHOST"));
        let left = guard.unknown_locked("ghost").unwrap();
        assert!(left > Duration::from_secs(14 * 60) && left <= Duration::from_secs(15 * 60), "{left:?}");
        assert!(guard.unknown_locked("spectre").is_none());
    }

    #[test]
    fn the_policy_refuses_what_would_disable_it() {
        assert!(LoginPolicy::default().validate().is_ok());
        let err = LoginPolicy { max_failures: 0, ..LoginPolicy::default() }.validate().unwrap_err();
        assert_eq!(err.field, "max_failures");
        let err = LoginPolicy { lockout_minutes: 0, ..LoginPolicy::default() }.validate().unwrap_err();
        assert_eq!(err.field, "lockout_minutes");
    }
}
