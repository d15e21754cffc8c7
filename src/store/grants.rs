//! PostgreSQL rights for the server's own role: everything it needs to
//! serve, and on the audit only INSERT and SELECT. The schema's owner runs
//! the migrations; the server, connected as a role without UPDATE, DELETE
//! or TRUNCATE on the audit, cannot rewrite it, and redacts for erasure
//! only through `audit_redact`, which runs with the owner's rights and does
//! nothing else.

use super::{Backend, Result, Store, StoreError};
use crate::domain::FieldError;

/// Tables the server may only add to and read.
const APPEND_ONLY: [&str; 4] = ["audit", "audit_checkpoints", "audit_subjects", "erasures"];
/// Tables the server may only read.
const READ_ONLY: [&str; 2] = ["audit_redactions", "schema_migrations"];

/// `name` as a quoted identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// The statements that give `role` what a server needs over the tables
    /// this database has now (run them again after an upgrade adds tables).
    pub async fn server_role_grants(&self, role: &str) -> Result<Vec<String>> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Unavailable(
                "SQLite has no roles: keep the database file readable by the server's user only".into(),
            ));
        }
        let ok = role.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && role.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(FieldError::new("ROLE", format!("'{role}' is not a plain role name (a-z, 0-9, _)")).into());
        }
        let schema: String = sqlx::query_scalar("SELECT current_schema()::TEXT").fetch_one(&self.pool).await?;
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT tablename::TEXT FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
                .fetch_all(&self.pool)
                .await?;
        let (role, schema) = (quoted(role), quoted(&schema));
        let mut out = vec![format!("GRANT USAGE ON SCHEMA {schema} TO {role}")];
        for table in &tables {
            let t = quoted(table);
            out.push(format!("REVOKE ALL ON TABLE {t} FROM {role}"));
            let rights = if APPEND_ONLY.contains(&table.as_str()) {
                "SELECT, INSERT"
            } else if READ_ONLY.contains(&table.as_str()) {
                "SELECT"
            } else {
                "SELECT, INSERT, UPDATE, DELETE"
            };
            out.push(format!("GRANT {rights} ON TABLE {t} TO {role}"));
        }
        out.push(format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"));
        out.push(format!("GRANT EXECUTE ON FUNCTION audit_redact(BIGINT, TEXT, BIGINT, TEXT) TO {role}"));
        Ok(out)
    }

    /// Runs [`Store::server_role_grants`] (as the owner).
    pub async fn grant_server_role(&self, role: &str) -> Result<Vec<String>> {
        let statements = self.server_role_grants(role).await?;
        let mut tx = self.pool.begin().await?;
        for sql in &statements {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(statements)
    }
}
