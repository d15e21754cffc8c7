//! Password checks run here, a few at a time: Argon2 is slow on purpose
//! (tens of milliseconds of a core and 19 MiB each), so a flood of logins
//! left unbounded takes every core from the requests of officers at work.
//! The pool runs at most `workers` checks at once (by default one fewer
//! than the cores), lets a short queue wait, and refuses the rest at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct HashPool {
    permits: Arc<Semaphore>,
    workers: usize,
    /// Checks running or waiting.
    admitted: AtomicUsize,
    /// Most checks running or waiting at once.
    capacity: usize,
}

/// The pool is full: try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// Holds a place in the pool, given back when dropped (whether the check
/// ran, failed or was cancelled with its request).
struct Place<'a>(&'a AtomicUsize);

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashPool {
    /// `workers` 0 sizes the pool to the machine.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = if workers == 0 { default_workers() } else { workers };
        Self {
            permits: Arc::new(Semaphore::new(workers)),
            workers,
            admitted: AtomicUsize::new(0),
            capacity: workers + queue,
        }
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Runs `check` on a blocking thread once a worker is free, or refuses
    /// at once when the workers and the queue are full.
    pub async fn run<T: Send + 'static>(&self, check: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
        let taken = self.admitted.fetch_add(1, Ordering::AcqRel);
        let _place = Place(&self.admitted);
        if taken >= self.capacity {
            return Err(Busy);
        }
        let permit = self.permits.clone().acquire_owned().await.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            check()
        })
        .await
        .map_err(|_| Busy)
    }
}

/// One fewer than the cores, at least one: a core stays for everything else.
fn default_workers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).saturating_sub(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_workers_and_the_queue_it_refuses_at_once() {
        let pool = Arc::new(HashPool::new(1, 1));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Arc::new(std::sync::Mutex::new(hold));
        let blocker = |hold: Arc<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>| {
            move || {
                let _ = hold.lock().unwrap().recv();
                7
            }
        };
        let running = tokio::spawn({
            let pool = pool.clone();
            let check = blocker(hold.clone());
            async move { pool.run(check).await }
        });
        let queued = tokio::spawn({
            let pool = pool.clone();
            let check = blocker(hold.clone());
            async move { pool.run(check).await }
        });
        while pool.admitted.load(Ordering::Acquire) < 2 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run(|| 1).await, Err(Busy), "a third is refused while one runs and one waits");
        release.send(()).unwrap();
        release.send(()).unwrap();
        assert_eq!(running.await.unwrap(), Ok(7));
        assert_eq!(queued.await.unwrap(), Ok(7));
        assert_eq!(pool.run(|| 1).await, Ok(1), "places are given back");
        assert_eq!(pool.admitted.load(Ordering::Acquire), 0);
    }
}
