//! What the database itself refuses about the audit: any update but the
//! one redaction an erasure makes, any delete, and (PostgreSQL) any
//! truncate; and the migration that chains the entries written before the
//! chain existed. The guards stop accidents and a server role without
//! rights; an owner can drop them, which the chain and its signed
//! checkpoints then show (`bluelamp admin audit verify`).

use sqlx::Row;

use super::write::WriteTx;
use super::Result;
use crate::domain::audit_chain::{field_digest, to_hex, Linked, GENESIS, SALT_LEN};

/// SQLite: an update may only replace a field with the marker, dropping
/// its salt, once its digest is in `audit_redactions`; that row in turn
/// must name an erasure entry. `{erased}` is filled with the marker.
pub const SQLITE_CHAIN_GUARDS: &[&str] = &[
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN NOT (\
       NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.username = OLD.username AND NEW.action = OLD.action \
       AND NEW.record_kind = OLD.record_kind AND NEW.record_id = OLD.record_id \
       AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash \
       AND ((NEW.reason = OLD.reason AND NEW.reason_salt IS OLD.reason_salt) \
            OR (NEW.reason = '{erased}' AND NEW.reason_salt IS NULL AND EXISTS \
                (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.field = 'reason'))) \
       AND ((NEW.detail = OLD.detail AND NEW.detail_salt IS OLD.detail_salt) \
            OR (NEW.detail = '{erased}' AND NEW.detail_salt IS NULL AND EXISTS \
                (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.field = 'detail')))) \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only an erasure may redact an entry'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_redactions_need_erasure BEFORE INSERT ON audit_redactions \
     WHEN NOT EXISTS (SELECT 1 FROM audit WHERE seq = NEW.erasure_seq AND action = 'erasure') \
     BEGIN SELECT RAISE(ABORT, 'a redaction needs the erasure entry it belongs to'); END",
    "CREATE TRIGGER audit_redactions_no_update BEFORE UPDATE ON audit_redactions \
     BEGIN SELECT RAISE(ABORT, 'audit_redactions is append-only'); END",
    "CREATE TRIGGER audit_redactions_no_delete BEFORE DELETE ON audit_redactions \
     BEGIN SELECT RAISE(ABORT, 'audit_redactions is append-only'); END",
    "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints \
     BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
    "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints \
     BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
];

/// PostgreSQL: the same rules as triggers, truncation refused too, and
/// redaction as a function that runs with its owner's rights, so the
/// server's role needs no UPDATE on the audit (see [`super::grants`]).
pub const POSTGRES_CHAIN_GUARDS: &[&str] = &[
    "CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
    "CREATE FUNCTION audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       IF TG_OP = 'UPDATE' \
          AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.username = OLD.username AND NEW.action = OLD.action \
          AND NEW.record_kind = OLD.record_kind AND NEW.record_id = OLD.record_id \
          AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash \
          AND ((NEW.reason = OLD.reason AND NEW.reason_salt IS NOT DISTINCT FROM OLD.reason_salt) \
               OR (NEW.reason = '{erased}' AND NEW.reason_salt IS NULL AND EXISTS \
                   (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.field = 'reason'))) \
          AND ((NEW.detail = OLD.detail AND NEW.detail_salt IS NOT DISTINCT FROM OLD.detail_salt) \
               OR (NEW.detail = '{erased}' AND NEW.detail_salt IS NULL AND EXISTS \
                   (SELECT 1 FROM audit_redactions r WHERE r.seq = OLD.seq AND r.field = 'detail'))) \
       THEN RETURN NEW; END IF; \
       RAISE EXCEPTION 'the audit log is append-only: only an erasure may redact an entry'; \
     END $$",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_guard()",
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION append_only()",
    "CREATE FUNCTION audit_redaction_needs_erasure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       IF NOT EXISTS (SELECT 1 FROM audit WHERE seq = NEW.erasure_seq AND action = 'erasure') THEN \
         RAISE EXCEPTION 'a redaction needs the erasure entry it belongs to'; END IF; \
       RETURN NEW; END $$",
    "CREATE TRIGGER audit_redactions_need_erasure BEFORE INSERT ON audit_redactions FOR EACH ROW \
     EXECUTE FUNCTION audit_redaction_needs_erasure()",
    "CREATE TRIGGER audit_redactions_no_change BEFORE UPDATE OR DELETE ON audit_redactions FOR EACH ROW \
     EXECUTE FUNCTION append_only()",
    "CREATE TRIGGER audit_redactions_no_truncate BEFORE TRUNCATE ON audit_redactions FOR EACH STATEMENT \
     EXECUTE FUNCTION append_only()",
    "CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW \
     EXECUTE FUNCTION append_only()",
    "CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT \
     EXECUTE FUNCTION append_only()",
    // D(x) = SHA-256(salt ‖ x), as domain::audit_chain::field_digest computes it.
    "CREATE FUNCTION audit_redact(p_seq BIGINT, p_field TEXT, p_erasure BIGINT, p_at TEXT) RETURNS BOOLEAN \
     LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$ \
     DECLARE v_text TEXT; v_salt TEXT; BEGIN \
       IF p_field = 'reason' THEN SELECT reason, reason_salt INTO v_text, v_salt FROM audit WHERE seq = p_seq; \
       ELSIF p_field = 'detail' THEN SELECT detail, detail_salt INTO v_text, v_salt FROM audit WHERE seq = p_seq; \
       ELSE RAISE EXCEPTION 'no audit field %', p_field; END IF; \
       IF v_salt IS NULL THEN RETURN FALSE; END IF; \
       INSERT INTO audit_redactions (seq, field, digest, erasure_seq, at) VALUES (p_seq, p_field, \
         encode(sha256(decode(v_salt, 'hex') || convert_to(v_text, 'UTF8')), 'hex'), p_erasure, p_at); \
       IF p_field = 'reason' THEN UPDATE audit SET reason = '{erased}', reason_salt = NULL WHERE seq = p_seq; \
       ELSE UPDATE audit SET detail = '{erased}', detail_salt = NULL WHERE seq = p_seq; END IF; \
       RETURN TRUE; END $$",
    "REVOKE EXECUTE ON FUNCTION audit_redact(BIGINT, TEXT, BIGINT, TEXT) FROM PUBLIC",
    // Every entry is chained: one written around the store fails here.
    "ALTER TABLE audit ALTER COLUMN seq DROP DEFAULT, ALTER COLUMN prev_hash SET NOT NULL, \
     ALTER COLUMN hash SET NOT NULL",
];

pub const SQLITE_ERASURES_GUARDS: &[&str] = &[
    "CREATE TRIGGER erasures_no_update BEFORE UPDATE ON erasures \
     BEGIN SELECT RAISE(ABORT, 'erasures is append-only'); END",
    "CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures \
     BEGIN SELECT RAISE(ABORT, 'erasures is append-only'); END",
];

pub const POSTGRES_ERASURES_GUARDS: &[&str] = &[
    "CREATE TRIGGER erasures_no_change BEFORE UPDATE OR DELETE ON erasures FOR EACH ROW \
     EXECUTE FUNCTION append_only()",
    "CREATE TRIGGER erasures_no_truncate BEFORE TRUNCATE ON erasures FOR EACH STATEMENT \
     EXECUTE FUNCTION append_only()",
];

pub const SQLITE_SUBJECTS_GUARDS: &[&str] = &[
    "CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects \
     BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END",
    "CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects \
     BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END",
];

pub const POSTGRES_SUBJECTS_GUARDS: &[&str] = &[
    "CREATE TRIGGER audit_subjects_no_change BEFORE UPDATE OR DELETE ON audit_subjects FOR EACH ROW \
     EXECUTE FUNCTION append_only()",
    "CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects FOR EACH STATEMENT \
     EXECUTE FUNCTION append_only()",
];

/// SQLite: the way entries go in. An entry must follow the stored head
/// (its sequence number next, its previous hash the head's), so a writer
/// that remembers the head need not read it back yet cannot fork the chain;
/// the records an entry showed are filed beside it in the same statement.
pub const SQLITE_AUDIT_APPENDS: &[&str] = &[
    "CREATE VIEW audit_appends AS SELECT seq, at, username, action, record_kind, record_id, reason, detail, \
     reason_salt, detail_salt, prev_hash, hash, '[]' AS subjects FROM audit WHERE 0",
    "CREATE TRIGGER audit_appends_insert INSTEAD OF INSERT ON audit_appends BEGIN \
       SELECT RAISE(ABORT, 'the audit head moved') \
         WHERE NOT EXISTS (SELECT 1 FROM (SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1) h \
                           WHERE h.seq = NEW.seq - 1 AND h.hash = NEW.prev_hash) \
           AND (NEW.seq <> 1 OR EXISTS (SELECT 1 FROM audit)); \
       INSERT INTO audit (seq, at, username, action, record_kind, record_id, reason, detail, reason_salt, \
                          detail_salt, prev_hash, hash) \
         VALUES (NEW.seq, NEW.at, NEW.username, NEW.action, NEW.record_kind, NEW.record_id, NEW.reason, \
                 NEW.detail, NEW.reason_salt, NEW.detail_salt, NEW.prev_hash, NEW.hash); \
       INSERT INTO audit_subjects (record_id, seq) SELECT value, NEW.seq FROM json_each(NEW.subjects); \
     END",
];

/// Chains the entries written before the chain existed, in order from
/// [`GENESIS`], a page at a time (a migration, run once).
pub(super) async fn chain_existing(w: &mut WriteTx<'_>) -> Result<()> {
    let mut prev = GENESIS;
    let mut after = i64::MIN;
    let mut done = 0u64;
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, username, action, record_kind, record_id, reason, detail FROM audit \
             WHERE seq > $1 ORDER BY seq LIMIT 5000",
        )
        .bind(after)
        .fetch_all(&mut *w.tx)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let text = |column: &str| row.try_get::<String, _>(column);
            let (reason, detail) = (text("reason")?, text("detail")?);
            let reason_salt: [u8; SALT_LEN] = rand::random();
            let detail_salt: [u8; SALT_LEN] = rand::random();
            let hash = Linked {
                seq,
                at: &text("at")?,
                username: &text("username")?,
                action: &text("action")?,
                record_kind: &text("record_kind")?,
                record_id: &text("record_id")?,
                reason: field_digest(&reason_salt, &reason),
                detail: field_digest(&detail_salt, &detail),
            }
            .hash(&prev);
            sqlx::query(
                "UPDATE audit SET reason_salt = $1, detail_salt = $2, prev_hash = $3, hash = $4 WHERE seq = $5",
            )
            .bind(to_hex(&reason_salt))
            .bind(to_hex(&detail_salt))
            .bind(to_hex(&prev))
            .bind(to_hex(&hash))
            .bind(seq)
            .execute(&mut *w.tx)
            .await?;
            prev = hash;
            after = seq;
        }
        done += rows.len() as u64;
        tracing::info!(entries = done, "chaining the audit log written before the chain (once)");
    }
    Ok(())
}
