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
//!   change log's head, which every change moves). The first read at a newer
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

impl BuildPermit {
    /// Runs the CPU part of a build on a blocking thread (never on the async
    /// workers): `work` reads `input`, what the build loaded; then `input`
    /// is dropped, the heap it freed is handed back to the operating system
    /// ([`return_freed_memory`]), and only then is the permit released.
    pub async fn run_blocking<I, V>(
        self,
        input: I,
        work: impl FnOnce(&I) -> V + Send + 'static,
    ) -> Result<V, tokio::task::JoinError>
    where
        I: Send + 'static,
        V: Send + 'static,
    {
        tokio::task::spawn_blocking(move || {
            let value = work(&input);
            drop(input);
            return_freed_memory();
            drop(self);
            value
        })
        .await
    }
}

/// Hands the heap a build freed back to the operating system. glibc keeps
/// freed memory in the arena of the thread that used it, and builds run on
/// blocking threads that each get an arena, so without this the process
/// keeps the peak of every build ever run (docs/BENCHMARKS.md,
/// "Contention"). It costs a walk of the heap, on the build's thread.
/// Password hashes (`services::hashing`) call it too: each frees 19 MiB.
#[allow(unsafe_code)]
pub(crate) fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of the allocator's own
    // arenas; it takes no pointer and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The change log's head (migration 13) as this application's registry
/// last applied it: shared, so the other caches key by it without asking
/// the database. It only moves forward.
#[derive(Clone, Default, Debug)]
pub struct ChangeHead(Arc<std::sync::atomic::AtomicI64>);

impl ChangeHead {
    pub fn get(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn set(&self, head: i64) {
        self.0.fetch_max(head, std::sync::atomic::Ordering::AcqRel);
    }
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
mod tests;
