//! Users, their roles, and the bearer tokens they log in with. Passwords
//! arrive here already hashed; tokens are stored only as their SHA-256.
//! Failed logins in a row lock an account for a while; a session ends at
//! its expiry or after a spell without use, whichever comes first.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::codec::{parse_time, time};
use super::write::Actor;
use super::{Result, Store, StoreError};
use crate::domain::role::{Role, Roles};
use crate::domain::FieldError;

#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub password_hash: String,
    pub roles: Roles,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// Failed logins since the last success, unlock or lockout.
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

impl User {
    /// When the account's lockout ends, if it is locked at `now`.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }
}

#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub username: String,
    pub roles: Roles,
    pub expires_at: DateTime<Utc>,
    /// The last use recorded (at most a minute behind the real one).
    pub last_used: Option<DateTime<Utc>>,
}

/// Whether a login's session was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    Session,
    /// The account was locked before the session could start.
    Locked,
}

/// What a failed login led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Counted: this many failures in a row now.
    Counted(i64),
    /// This failure locked the account until then.
    Locked(DateTime<Utc>),
}

fn roles_text(roles: &Roles) -> String {
    roles.0.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_roles(text: &str) -> Result<Roles> {
    let roles: std::result::Result<Vec<Role>, String> =
        text.split(',').filter(|s| !s.is_empty()).map(str::parse).collect();
    roles.map(Roles).map_err(StoreError::corrupt)
}

fn row_to_user(row: &sqlx::any::AnyRow) -> Result<User> {
    Ok(User {
        username: row.try_get("username")?,
        password_hash: row.try_get("password_hash")?,
        roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: parse_time(&row.try_get::<String, _>("created_at")?)?,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: optional_time(row, "locked_until")?,
    })
}

fn optional_time(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<DateTime<Utc>>> {
    row.try_get::<Option<String>, _>(column)?.as_deref().map(parse_time).transpose()
}

/// A username is short, plain and unambiguous in the audit log.
pub fn check_username(name: &str) -> std::result::Result<(), FieldError> {
    let ok = (2..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "username",
            "must be 2–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        ))
    }
}

impl Store {
    pub async fn create_user(&self, actor: &Actor, username: &str, password_hash: &str, roles: &Roles) -> Result<()> {
        check_username(username)?;
        if roles.0.is_empty() {
            return Err(FieldError::new("roles", "at least one role is required").into());
        }
        let mut w = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (username, password_hash, roles, disabled, created_at) VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(username)
        .bind(password_hash)
        .bind(roles_text(roles))
        .bind(time(w.now))
        .execute(&mut *w.tx)
        .await
        .map_err(|e| StoreError::from_insert(e, &format!("user '{username}' already exists")))?;
        w.audit(actor, "user_admin", "user", username, &format!("user created with roles {}", roles_text(roles)))
            .await?;
        w.commit().await
    }

    pub async fn user(&self, username: &str) -> Result<User> {
        let row = sqlx::query("SELECT * FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: "user", id: username.to_string() })?;
        row_to_user(&row)
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query("SELECT * FROM users ORDER BY username").fetch_all(&self.pool).await?;
        rows.iter().map(row_to_user).collect()
    }

    /// Changes a user's roles, password or disabled state; disabling or a new
    /// password also ends their sessions.
    pub async fn update_user(
        &self,
        actor: &Actor,
        username: &str,
        roles: Option<&Roles>,
        password_hash: Option<&str>,
        disabled: Option<bool>,
    ) -> Result<()> {
        let mut w = self.begin_write().await?;
        let exists: Option<String> = sqlx::query_scalar("SELECT username FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *w.tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound { kind: "user", id: username.to_string() });
        }
        let mut what = Vec::new();
        if let Some(roles) = roles {
            sqlx::query("UPDATE users SET roles = $1 WHERE username = $2")
                .bind(roles_text(roles))
                .bind(username)
                .execute(&mut *w.tx)
                .await?;
            what.push(format!("roles set to {}", roles_text(roles)));
        }
        if let Some(hash) = password_hash {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
                .bind(hash)
                .bind(username)
                .execute(&mut *w.tx)
                .await?;
            what.push("password reset".to_string());
        }
        if let Some(disabled) = disabled {
            sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
                .bind(i64::from(disabled))
                .bind(username)
                .execute(&mut *w.tx)
                .await?;
            what.push(if disabled { "disabled" } else { "enabled" }.to_string());
        }
        if password_hash.is_some() || disabled == Some(true) {
            sqlx::query("DELETE FROM tokens WHERE username = $1").bind(username).execute(&mut *w.tx).await?;
        }
        w.audit(actor, "user_admin", "user", username, &what.join("; ")).await?;
        w.commit().await
    }

    /// A failed login by an existing user: counted, and the `max_failures`th
    /// in a row locks the account for `lockout` (the count starts again
    /// after it). Both are audited.
    pub async fn login_failed(
        &self,
        username: &str,
        detail: &str,
        max_failures: i64,
        lockout: chrono::Duration,
    ) -> Result<Failure> {
        let mut w = self.begin_write().await?;
        let failures: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE username = $1 RETURNING failed_logins",
        )
        .bind(username)
        .fetch_optional(&mut *w.tx)
        .await?;
        let failures = failures.ok_or_else(|| StoreError::NotFound { kind: "user", id: username.to_string() })?;
        let actor = Actor::new(username, "login");
        w.audit(&actor, "login_failed", "user", username, &format!("{detail} ({failures} in a row)")).await?;
        let outcome = if failures >= max_failures {
            let until = w.now + lockout;
            sqlx::query("UPDATE users SET failed_logins = 0, locked_until = $1 WHERE username = $2")
                .bind(time(until))
                .bind(username)
                .execute(&mut *w.tx)
                .await?;
            let what = format!("locked until {} after {failures} failed logins in a row", time(until));
            w.audit(&actor, "lockout", "user", username, &what).await?;
            Failure::Locked(until)
        } else {
            Failure::Counted(failures)
        };
        w.commit().await?;
        Ok(outcome)
    }

    /// Ends a lockout and clears the count of failed logins (an admin's
    /// act, audited as theirs).
    pub async fn unlock_user(&self, actor: &Actor, username: &str) -> Result<()> {
        let mut w = self.begin_write().await?;
        let row = sqlx::query("SELECT failed_logins, locked_until FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: "user", id: username.to_string() })?;
        let was = match optional_time(&row, "locked_until")?.filter(|until| *until > w.now) {
            Some(until) => format!("was locked until {}", time(until)),
            None => format!("was not locked; {} failed logins cleared", row.try_get::<i64, _>("failed_logins")?),
        };
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1")
            .bind(username)
            .execute(&mut *w.tx)
            .await?;
        w.audit(actor, "unlock", "user", username, &format!("unlocked; {was}")).await?;
        w.commit().await
    }

    /// Issues a session: the token (by its hash) lasts until `expires_at`
    /// unless unused for the idle timeout. A login that succeeds also
    /// clears the user's count of failed logins. `detail` says where from.
    /// Issues nothing and answers `Issued::Locked` when the account is
    /// locked by then: a lockout that came while this password was being
    /// checked (guesses sent at once) holds against it too.
    pub async fn store_token(
        &self,
        actor: &Actor,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        detail: &str,
    ) -> Result<Issued> {
        let mut w = self.begin_write().await?;
        // An UPDATE, so PostgreSQL waits for a lockout being written to
        // this row and reads its outcome (SQLite's one writer already does).
        let unlocked = sqlx::query(
            "UPDATE users SET failed_logins = 0 WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2)",
        )
        .bind(&actor.username)
        .bind(time(w.now))
        .execute(&mut *w.tx)
        .await?;
        if unlocked.rows_affected() == 0 {
            return Ok(Issued::Locked);
        }
        sqlx::query("DELETE FROM tokens WHERE expires_at < $1").bind(time(w.now)).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO tokens (token_hash, username, expires_at, last_used) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(&actor.username)
            .bind(time(expires_at))
            .bind(time(w.now))
            .execute(&mut *w.tx)
            .await?;
        w.audit(actor, "login", "user", &actor.username, detail).await?;
        w.commit().await?;
        Ok(Issued::Session)
    }

    /// The live session a token hash belongs to, if any: not expired, not
    /// unused since `idle_since`, and of a user still enabled. Requests that
    /// arrive together share a lookup begun after they came (`sessions.rs`).
    pub async fn token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> Result<Option<TokenInfo>> {
        let (pool, hash) = (self.pool.clone(), token_hash.to_string());
        let read = async move { read_session(&pool, &hash, now, idle_since).await };
        self.sessions.session(token_hash, now, idle_since, read).await
    }

    /// Records that a session was used at `now` (callers do it at most once
    /// a minute per token, so reads stay reads).
    pub async fn touch_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE tokens SET last_used = $1 WHERE token_hash = $2")
            .bind(time(now))
            .bind(token_hash)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await
    }

    /// Ends a session (logout): the token is forgotten, and the logout audited.
    pub async fn revoke_token(&self, actor: &Actor, token_hash: &str) -> Result<()> {
        let mut w = self.begin_write().await?;
        sqlx::query("DELETE FROM tokens WHERE token_hash = $1").bind(token_hash).execute(&mut *w.tx).await?;
        w.audit(actor, "logout", "user", &actor.username, "token revoked").await?;
        w.commit().await
    }
}

async fn read_session(
    pool: &sqlx::AnyPool,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<Option<TokenInfo>> {
    let row = sqlx::query(
        "SELECT t.username, t.expires_at, t.last_used, u.roles FROM tokens t \
         JOIN users u ON u.username = t.username \
         WHERE t.token_hash = $1 AND u.disabled = 0 AND t.expires_at > $2 \
         AND (t.last_used IS NULL OR t.last_used > $3)",
    )
    .bind(token_hash)
    .bind(time(now))
    .bind(time(idle_since))
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(TokenInfo {
            username: row.try_get("username")?,
            roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
            expires_at: parse_time(&row.try_get::<String, _>("expires_at")?)?,
            last_used: optional_time(&row, "last_used")?,
        })
    })
    .transpose()
}
