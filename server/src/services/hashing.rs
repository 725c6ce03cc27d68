//! The cap on concurrent password hashes (layer: services). Each argon2id
//! check or hash takes 19 MiB and a core for tens of milliseconds, so
//! without a cap 32 sign-ins at once took the server from 100 MB to
//! 900 MB. [`HashPermits`] lets `Limits::password_hashes` run at once, lets
//! `password_hash_queue` more wait (each at most `password_hash_wait`), and
//! refuses the rest with `AppError::Busy` (503 with `Retry-After`); each
//! hash hands the memory it freed back to the system. Every hash reachable
//! without being an admin (sign-in, the dummy hash of an unknown email, a
//! password change) runs through it.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use app::api::AppError;
use tokio::sync::Semaphore;

use super::cache::return_freed_memory;
use crate::errors::internal;
use crate::http::limits::Limits;

/// What a caller refused by the cap is told to wait, in seconds.
pub const BUSY_RETRY_AFTER_S: u64 = 2;

#[derive(Clone)]
pub struct HashPermits {
    slots: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    max_wait: Duration,
}

/// Counts a waiter for as long as it waits.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashPermits {
    pub fn new(limits: &Limits) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(limits.password_hashes.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting: limits.password_hash_queue,
            max_wait: limits.password_hash_wait,
        }
    }

    /// Runs `work` (a hash or a check) on a blocking thread once a slot is
    /// free, or answers `Busy` when the queue is full or the wait too long.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = AppError::Busy {
            retry_after_s: BUSY_RETRY_AFTER_S,
        };
        let permit = match self.slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::AcqRel);
                    tracing::warn!("refused: password hashes at the cap and the queue full");
                    return Err(busy);
                }
                let _waiting = Waiting(&self.waiting);
                match tokio::time::timeout(self.max_wait, self.slots.clone().acquire_owned()).await
                {
                    Ok(Ok(permit)) => permit,
                    _ => {
                        tracing::warn!("refused: waited too long for a password-hash slot");
                        return Err(busy);
                    }
                }
            }
        };
        tokio::task::spawn_blocking(move || {
            let out = work();
            // the 19 MiB the hash freed stays in this thread's arena otherwise
            return_freed_memory();
            drop(permit);
            out
        })
        .await
        .map_err(|e| internal("hashing or checking a password", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_slots_and_the_queue_a_hash_is_refused_as_busy_not_run() {
        let limits = Limits {
            password_hashes: 1,
            password_hash_queue: 0,
            ..Limits::default()
        };
        let permits = HashPermits::new(&limits);
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = {
            let permits = permits.clone();
            tokio::spawn(async move {
                permits
                    .run(move || {
                        started_tx.send(()).unwrap();
                        release_rx.recv().unwrap();
                        1
                    })
                    .await
            })
        };
        tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
            .await
            .unwrap();
        let refused = permits.run(|| 2).await;
        assert_eq!(
            refused,
            Err(AppError::Busy {
                retry_after_s: BUSY_RETRY_AFTER_S
            })
        );
        release_tx.send(()).unwrap();
        assert_eq!(holder.await.unwrap(), Ok(1));
        assert_eq!(permits.run(|| 3).await, Ok(3), "the slot is free again");
    }
}
