//! What the live benchmarks share: a real server on a loopback port over
//! the store they set up, and the quantiles they print.

use std::time::Duration;

use bluelamp::server::{self, AppState, ServerConfig};
use bluelamp::store::Store;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server running for a benchmark.
pub struct Running {
    pub base: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

/// Serves `store` on a free loopback port.
pub async fn serve(store: Store) -> anyhow::Result<Running> {
    let state = AppState::start(store, ServerConfig::default()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(state, listener, async move {
        let _ = stopped.await;
    }));
    Ok(Running { base, stop, task })
}

impl Running {
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// The `q` quantile of `v` (nearest rank).
pub fn pct(v: &mut [Duration], q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort_unstable();
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i.min(v.len() - 1)]
}
