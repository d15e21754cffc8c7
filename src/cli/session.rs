//! Throwaway users for one run (demo, benchmarks): a random name, a random
//! password nobody sees, and a token issued straight from the store.

use chrono::{Duration, Utc};

use crate::domain::role::{Role, Roles};
use crate::server::password;
use crate::store::{Actor, Issued, Store};

pub async fn throwaway_user(
    store: &Store,
    prefix: &str,
    roles: &[Role],
    hours: i64,
) -> anyhow::Result<(String, String)> {
    let (suffix, _) = password::new_token();
    let username = format!("{prefix}-{}", &suffix[3..9]);
    let (secret, _) = password::new_token();
    let hash = tokio::task::spawn_blocking(move || password::hash(&secret))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    store.create_user(&Actor::new(prefix, "throwaway session user"), &username, &hash, &Roles(roles.to_vec())).await?;
    let (token, token_hash) = password::new_token();
    let issued = store
        .store_token(
            &Actor::new(&username, "session start"),
            &token_hash,
            Utc::now() + Duration::hours(hours),
            &format!("token issued to this run's {prefix} session"),
        )
        .await?;
    anyhow::ensure!(issued == Issued::Session, "the {prefix} session user {username} is locked");
    Ok((username, token))
}
