//! The threads index work runs on: one single-threaded rayon pool per worker, each running one
//! operation at a time, start to finish, taken in arrival order.
//!
//! An operation on its own worker runs its parallel steps (verifying a check's candidate pairs,
//! planning a batch) sequentially. Under load that is what keeps the tail short: with as many
//! workers as cores, a request waits for the ones ahead of it and then has a core to itself,
//! where operations that each spread over every core would share the cores among all those
//! in flight, and a costly check would take many times its own work to finish.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use rayon::{ThreadPool, ThreadPoolBuilder};
use tokio::sync::{oneshot, Semaphore};
use unspun_index::Index;

use crate::error::ApiError;

/// Workers for index operations.
pub struct Workers {
    /// One permit per idle worker; tokio's semaphore serves waiters first come, first served.
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Arc<ThreadPool>>>,
}

impl Workers {
    /// `count` workers (at least one).
    pub fn new(count: usize) -> std::io::Result<Arc<Self>> {
        let pools = (0..count.max(1))
            .map(|n| {
                ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(move |_| format!("unspun-worker-{n}"))
                    .build()
                    .map(Arc::new)
                    .map_err(std::io::Error::other)
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        let permits = Arc::new(Semaphore::new(pools.len()));
        Ok(Arc::new(Workers { permits, idle: Mutex::new(pools) }))
    }

    /// Runs `work` on the next free worker and returns its result. A request that times out
    /// stops waiting; its operation still finishes before the worker takes another.
    pub async fn run<T: Send + 'static, E: Into<ApiError> + Send + 'static>(
        self: &Arc<Self>,
        index: Arc<Index>,
        work: impl FnOnce(&Index) -> Result<T, E> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit =
            self.permits.clone().acquire_owned().await.map_err(|_| ApiError::internal())?;
        let pool = self.take();
        let (sender, receiver) = oneshot::channel();
        let workers = self.clone();
        pool.clone().spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| work(&index)));
            workers.give_back(pool);
            drop(permit);
            let _ = sender.send(result);
        });
        match receiver.await {
            Ok(Ok(result)) => result.map_err(Into::into),
            Ok(Err(_)) | Err(_) => {
                eprintln!("unspun serve: index work failed");
                Err(ApiError::internal())
            }
        }
    }

    /// An idle worker; holding a permit guarantees there is one.
    fn take(&self) -> Arc<ThreadPool> {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        idle.pop().expect("a permit is held for every idle worker")
    }

    fn give_back(&self, pool: Arc<ThreadPool>) {
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(pool);
    }
}
