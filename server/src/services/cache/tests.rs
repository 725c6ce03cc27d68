//! Unit tests of the cache (services/cache).
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
