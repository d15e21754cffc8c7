//! The real server on a loopback port for a benchmark run in the same
//! process, with a client logged in as a throwaway investigator: an
//! investigator may read every kind of record, so each query has an answer
//! to find (what a role may not read is need-to-know's to test, not the
//! benchmark's).

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::cli::session;
use crate::client::Client;
use crate::domain::role::Role;
use crate::server::{self, AppState};
use crate::store::Store;

/// A server serving until `stop`.
pub struct Loopback {
    pub client: Client,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<anyhow::Result<()>>,
}

impl Loopback {
    pub async fn start(state: &AppState, store: &Store) -> anyhow::Result<Loopback> {
        Loopback::start_as(state, store, &[Role::Investigator]).await
    }

    /// The server, with a client holding `roles`.
    pub async fn start_as(state: &AppState, store: &Store, roles: &[Role]) -> anyhow::Result<Loopback> {
        let (_, token) = session::throwaway_user(store, "bench", roles, 2).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(server::serve(state.clone(), listener, async move {
            let _ = stopped.await;
        }));
        Ok(Loopback { client: Client::new(&base)?.with_token(token), stop, serving })
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.serving.await;
    }
}
