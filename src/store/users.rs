//! Users, their roles, and the bearer tokens they log in with. Passwords
//! arrive here already hashed; tokens are stored only as their SHA-256.

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
}

#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub username: String,
    pub roles: Roles,
    pub expires_at: DateTime<Utc>,
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
    })
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

    pub async fn store_token(&self, actor: &Actor, token_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
        let mut w = self.begin_write().await?;
        sqlx::query("DELETE FROM tokens WHERE expires_at < $1").bind(time(w.now)).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO tokens (token_hash, username, expires_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(&actor.username)
            .bind(time(expires_at))
            .execute(&mut *w.tx)
            .await?;
        w.audit(actor, "login", "user", &actor.username, "token issued").await?;
        w.commit().await
    }

    /// The live session a token hash belongs to, if any.
    pub async fn token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<TokenInfo>> {
        let row = sqlx::query(
            "SELECT t.username, t.expires_at, u.roles FROM tokens t JOIN users u ON u.username = t.username \
             WHERE t.token_hash = $1 AND u.disabled = 0 AND t.expires_at > $2",
        )
        .bind(token_hash)
        .bind(time(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(TokenInfo {
                username: row.try_get("username")?,
                roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
                expires_at: parse_time(&row.try_get::<String, _>("expires_at")?)?,
            })
        })
        .transpose()
    }
}
