//! A versioned, bounded, single-flight cache (layer: services), used by the
//! registry's read index and by the regional balance. It imports nothing of
//! the application: values are built by a future the caller hands in.
//!
//! Why each rule (issue 12, "no request can stall another"):
//! - The map is behind a `std::sync::Mutex` held only to find, insert,
//!   account or evict a slot: microseconds, never across an `.await`. A
//!   build runs outside it, so a slow build never makes a read of another
//!   key wait.
//! - One build per key: a slot holds a `tokio::sync::OnceCell` and every
//!   caller of the key awaits the same one. A failed build leaves the cell
//!   empty, so nothing failed is kept and the next caller builds again.
//! - Every entry belongs to the data version it was built at (the database's
//!   `data_version`, bumped by every change). The first read at a newer
//!   version drops the older entries (no rebuild: each key is built again on
//!   its next read, so there is no storm), and a read at an older version
//!   than the cache's is served by the newer entries, which are fresher.
//! - Pinned keys (today's, decided by a predicate) are never evicted for
//!   other keys and are not counted in the bounds. The other entries are at
//!   most `max_entries` and `max_weight` estimated bytes ([`Weigh`]), the
//!   least recently used going first.
//! - Builds of unpinned keys take a permit of one semaphore ([`Builds`])
//!   shared by every cache of the application (one permit): a client cycling past dates or
//!   quarters costs at most one build at a time, one core and one database
//!   connection, while pinned keys build without waiting for it.
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};

/// The estimated memory of a cached value, in bytes (its heap included).
/// Called once per build, in the building task: keep it cheap.
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// How much a cache keeps besides its pinned entries.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Unpinned entries kept, at most.
    pub max_entries: usize,
    /// Sum of the unpinned entries' [`Weigh::weight`], at most.
    pub max_weight: usize,
}

/// Builds of unpinned keys running at once in one application, all caches together.
const UNPINNED_BUILDS: usize = 1;

/// The permits for unpinned builds that an application's caches share
/// (`startup` makes one and hands it to the registry and the balance), so a
/// client cycling past keys uses at most one core in all. One per
/// application, not per process: two applications in one process (the API
/// tests) do not wait for each other's builds.
#[derive(Clone)]
pub struct Builds(Arc<Semaphore>);

impl Builds {
    pub fn new() -> Self {
        Self(Arc::new(Semaphore::new(UNPINNED_BUILDS)))
    }
}

impl Default for Builds {
    fn default() -> Self {
        Self::new()
    }
}

/// The right to run one build. For an unpinned key it shares the semaphore's
/// permit, which the cache also holds while the build's future runs: a build
/// that moves its CPU work to a blocking thread moves this along, so that a
/// caller who goes away (dropping the future) cannot start a second build
/// while the first still runs.
pub struct BuildPermit {
    _held: Option<Arc<OwnedSemaphorePermit>>,
}

type Pinned<K> = Box<dyn Fn(&K) -> bool + Send + Sync>;

pub struct Cache<K, V> {
    slots: Mutex<Slots<K, V>>,
    limits: Limits,
    pinned: Pinned<K>,
    builds: Arc<Semaphore>,
}

struct Slots<K, V> {
    map: HashMap<K, Slot<V>>,
    /// The newest data version seen; every slot in `map` belongs to it.
    version: i64,
    /// A use counter, for least-recently-used eviction.
    uses: u64,
}

struct Slot<V> {
    cell: Arc<OnceCell<Built<V>>>,
    last_used: u64,
    /// Set once the build is done and counted in the bounds.
    weight: Option<usize>,
}

struct Built<V> {
    value: Arc<V>,
    weight: usize,
}

impl<K: Eq + Hash + Clone, V> Cache<K, V> {
    /// A cache whose unpinned builds take one of `builds`' permits.
    pub fn new(
        limits: Limits,
        pinned: impl Fn(&K) -> bool + Send + Sync + 'static,
        builds: &Builds,
    ) -> Self {
        Self {
            slots: Mutex::new(Slots {
                map: HashMap::new(),
                version: i64::MIN,
                uses: 0,
            }),
            limits,
            pinned: Box::new(pinned),
            builds: builds.0.clone(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slots<K, V>> {
        // nothing panics while the lock is held; if something did, the map is still consistent
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value of `key` at data version `version` (or newer), built by
    /// `build` if no caller has built it yet; concurrent callers share one
    /// build. `build` gets the build's [`BuildPermit`] and must hold it until
    /// its work is done, including work it hands to another thread.
    pub async fn get<E, Fut>(
        &self,
        key: K,
        version: i64,
        build: impl FnOnce(BuildPermit) -> Fut,
    ) -> Result<Arc<V>, E>
    where
        V: Weigh,
        Fut: Future<Output = Result<V, E>>,
    {
        let pinned = (self.pinned)(&key);
        let cell = self.slot(&key, version);
        let built = cell
            .get_or_try_init(|| async {
                let permit = if pinned {
                    None
                } else {
                    // never closed, so `acquire_owned` cannot fail
                    self.builds.clone().acquire_owned().await.ok().map(Arc::new)
                };
                // held here for the whole future, and by the build for as long as it needs
                let _held = permit.clone();
                let value = build(BuildPermit { _held: permit }).await?;
                let weight = value.weight();
                Ok(Built {
                    value: Arc::new(value),
                    weight,
                })
            })
            .await?;
        let value = built.value.clone();
        self.settle(&key, &cell, built.weight);
        Ok(value)
    }

    /// The slot's cell for `key`, inserted if missing (under the lock, briefly).
    fn slot(&self, key: &K, version: i64) -> Arc<OnceCell<Built<V>>> {
        let mut s = self.lock();
        if version > s.version {
            s.version = version;
            s.map.clear();
        }
        s.uses += 1;
        let uses = s.uses;
        let slot = s.map.entry(key.clone()).or_insert_with(|| Slot {
            cell: Arc::new(OnceCell::new()),
            last_used: uses,
            weight: None,
        });
        slot.last_used = uses;
        slot.cell.clone()
    }

    /// Counts a finished build in the bounds and evicts what goes over them.
    fn settle(&self, key: &K, cell: &Arc<OnceCell<Built<V>>>, weight: usize) {
        let mut s = self.lock();
        let Some(slot) = s.map.get_mut(key) else {
            return; // dropped for a newer version: nothing to count
        };
        if !Arc::ptr_eq(&slot.cell, cell) || slot.weight.is_some() {
            return;
        }
        if weight > self.limits.max_weight && !(self.pinned)(key) {
            // heavier than the whole budget: served to its callers, kept for no one
            s.map.remove(key);
            return;
        }
        slot.weight = Some(weight);
        self.evict(&mut s);
    }

    fn evict(&self, s: &mut Slots<K, V>) {
        // empty cells nobody awaits are failed builds: nothing to keep
        s.map
            .retain(|_, slot| slot.cell.initialized() || Arc::strong_count(&slot.cell) > 1);
        loop {
            let counted = s
                .map
                .iter()
                .filter_map(|(k, slot)| slot.weight.filter(|_| !(self.pinned)(k)));
            let (entries, weight) = counted.fold((0, 0usize), |(n, w), x| (n + 1, w + x));
            if entries <= self.limits.max_entries && weight <= self.limits.max_weight {
                return;
            }
            let oldest = s
                .map
                .iter()
                .filter(|(k, slot)| slot.weight.is_some() && !(self.pinned)(k))
                .min_by_key(|(_, slot)| slot.last_used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => s.map.remove(&k),
                None => return,
            };
        }
    }

    /// Whether `key` has a finished entry (for tests and benchmarks).
    pub fn contains(&self, key: &K) -> bool {
        self.lock()
            .map
            .get(key)
            .is_some_and(|slot| slot.cell.initialized())
    }

    /// Finished unpinned entries and their total weight.
    pub fn usage(&self) -> (usize, usize) {
        let s = self.lock();
        s.map
            .iter()
            .filter_map(|(k, slot)| slot.weight.filter(|_| !(self.pinned)(k)))
            .fold((0, 0), |(n, w), x| (n + 1, w + x))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use tokio::sync::Notify;

    use super::*;

    /// A value that weighs what it says.
    struct Weighs(usize);

    impl Weigh for Weighs {
        fn weight(&self) -> usize {
            self.0
        }
    }

    const TODAY: u32 = 0;

    fn cache(max_entries: usize, max_weight: usize) -> Arc<Cache<u32, Weighs>> {
        Arc::new(Cache::new(
            Limits {
                max_entries,
                max_weight,
            },
            |k| *k == TODAY,
            &Builds::new(),
        ))
    }

    async fn get(c: &Cache<u32, Weighs>, key: u32, weight: usize) -> Arc<Weighs> {
        c.get(key, 1, |_| async move { Ok::<_, ()>(Weighs(weight)) })
            .await
            .expect("builds")
    }

    #[tokio::test]
    async fn concurrent_gets_of_one_key_share_one_build() {
        let c = cache(8, 1 << 20);
        let builds = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let (c, builds) = (c.clone(), builds.clone());
            tasks.spawn(async move {
                c.get(7, 1, |_| async {
                    builds.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok::<_, ()>(Weighs(1))
                })
                .await
                .map(|v| v.0)
            });
        }
        while let Some(done) = tasks.join_next().await {
            assert_eq!(done.expect("task"), Ok(1));
        }
        assert_eq!(builds.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_build_is_not_kept_and_the_next_caller_builds_again() {
        let c = cache(8, 1 << 20);
        let failed = c.get(3, 1, |_| async { Err::<Weighs, _>("db down") }).await;
        assert_eq!(failed.err(), Some("db down"));
        assert!(!c.contains(&3));
        assert_eq!(get(&c, 3, 5).await.0, 5, "the next caller builds");
        assert!(c.contains(&3));
    }

    #[tokio::test]
    async fn a_newer_version_replaces_entries_and_an_older_one_reads_the_newer() {
        let c = cache(8, 1 << 20);
        let at = |v: i64, n: usize| {
            let c = c.clone();
            async move {
                c.get(5, v, |_| async move { Ok::<_, ()>(Weighs(n)) })
                    .await
                    .unwrap()
                    .0
            }
        };
        assert_eq!(at(1, 10).await, 10);
        assert_eq!(at(1, 11).await, 10, "same version: cached");
        assert_eq!(at(2, 20).await, 20, "newer version: built again");
        assert_eq!(
            at(1, 12).await,
            20,
            "an older reader gets the fresher entry"
        );
    }

    #[tokio::test]
    async fn the_pinned_entry_survives_a_hundred_past_keys() {
        let c = cache(8, 1 << 20);
        get(&c, TODAY, 1_000_000).await;
        for past in 1..=100 {
            get(&c, past, 1_000).await;
        }
        assert!(c.contains(&TODAY));
        let builds = AtomicUsize::new(0);
        c.get(TODAY, 1, |_| async {
            builds.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(Weighs(1))
        })
        .await
        .unwrap();
        assert_eq!(builds.load(Ordering::SeqCst), 0, "today was not rebuilt");
        assert_eq!(c.usage().0, 8, "past keys are bounded");
    }

    #[tokio::test]
    async fn entries_are_bounded_by_count_and_by_weight_least_recently_used_first() {
        let c = cache(3, 100);
        for k in 1..=3 {
            get(&c, k, 10).await;
        }
        get(&c, 1, 10).await; // 1 is now the most recently used
        get(&c, 4, 10).await;
        assert_eq!(c.usage(), (3, 30));
        assert!(
            c.contains(&1) && !c.contains(&2),
            "2 was the least recently used"
        );

        get(&c, 5, 80).await; // 10 + 10 + 10 + 80 > 100
        let (entries, weight) = c.usage();
        assert!(
            entries <= 3 && weight <= 100,
            "{entries} entries, {weight} bytes"
        );
        assert!(c.contains(&5));

        get(&c, 6, 500).await; // heavier than the whole budget: served, not kept
        assert!(!c.contains(&6));
        assert!(c.contains(&5), "and it evicted nothing");
    }

    #[tokio::test]
    async fn a_slow_build_of_one_key_does_not_block_a_read_of_another() {
        let c = cache(8, 1 << 20);
        get(&c, 2, 1).await;
        let release = Arc::new(Notify::new());
        let slow = {
            let (c, release) = (c.clone(), release.clone());
            tokio::spawn(async move {
                c.get(1, 1, |_| async move {
                    release.notified().await;
                    Ok::<_, ()>(Weighs(1))
                })
                .await
                .is_ok()
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await; // the slow build has started
        let cached = tokio::time::timeout(Duration::from_secs(5), get(&c, 2, 1)).await;
        assert!(
            cached.is_ok(),
            "the cached key answered while 1 was building"
        );
        let today = tokio::time::timeout(Duration::from_secs(5), get(&c, TODAY, 1)).await;
        assert!(
            today.is_ok(),
            "a pinned key builds while an unpinned build holds the permit"
        );
        release.notify_one();
        assert!(slow.await.expect("task"));
    }

    #[tokio::test]
    async fn unpinned_builds_wait_for_the_permit_one_at_a_time() {
        let c = cache(8, 1 << 20);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for key in 1..=6 {
            let (c, running, most) = (c.clone(), running.clone(), most.clone());
            tasks.spawn(async move {
                c.get(key, 1, |_| async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok::<_, ()>(Weighs(1))
                })
                .await
                .is_ok()
            });
        }
        while let Some(done) = tasks.join_next().await {
            assert!(done.expect("task"));
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_build_moved_to_a_thread_keeps_the_permit_after_its_caller_goes_away() {
        let c = cache(8, 1 << 20);
        let (finish, finished) = std::sync::mpsc::channel::<()>();
        let gone = tokio::time::timeout(
            Duration::from_millis(50),
            c.get(1, 1, |permit| async move {
                tokio::task::spawn_blocking(move || {
                    let _ = finished.recv();
                    drop(permit);
                    Ok::<_, ()>(Weighs(1))
                })
                .await
                .map_err(|_| ())?
            }),
        )
        .await;
        assert!(gone.is_err(), "the caller went away during the build");

        let second_started = Arc::new(AtomicUsize::new(0));
        let second = {
            let (c, started) = (c.clone(), second_started.clone());
            tokio::spawn(async move {
                c.get(2, 1, |_| async move {
                    started.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, ()>(Weighs(1))
                })
                .await
                .is_ok()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            second_started.load(Ordering::SeqCst),
            0,
            "no second build while the first one's thread still works"
        );
        finish.send(()).expect("the first build waits");
        let done = tokio::time::timeout(Duration::from_secs(5), second).await;
        assert!(done.expect("the second build ran").expect("task"));
    }
}
