//! The registry's live index (layer: services), kept current by the change
//! log (issue 14).
//!
//! - **Tracks.** Every park has a track (`track`): its figures at every date.
//!   [`Tracks`] holds them in name order with what spans parks: the packed
//!   free-space timelines, the small-cell plans and the counted jobs per
//!   quarter of the nation and of each region.
//! - **Incremental.** A change names its parks in the change log (migration
//!   13, same transaction). Catching up reads the rows after the last one
//!   applied, loads only those parks, derives their tracks again and puts
//!   the index together from the others' unchanged tracks, rows and JSON
//!   (shared, not copied). The plans are worked out again only when a change
//!   can move them (reports, consent, parks), and then every row's jobs too.
//! - **Dates.** Today's index keeps every park's row and its JSON. Any other
//!   date's index is put together from the tracks (a binary search per
//!   park, then the search columns) and builds rows only for the page it
//!   answers: no snapshot is loaded and today's index is never evicted.
//! - **No round trip on a warm read.** Reads take the current index from
//!   memory. This instance's writes catch up before their response goes
//!   (`http::mod`, `catch_up_after_commits`): a writer reads its own write.
//!   Other instances' and processes' writes arrive through the follower
//!   ([`Registry::follow`]): `LISTEN tvr_changes` on PostgreSQL (the
//!   triggers `NOTIFY` at commit), with a poll every `PG_POLL` in case the
//!   listener is down; on SQLite a poll of the log's head every
//!   `SQLITE_POLL`. So a read on one instance shows a change committed on
//!   another at most `SQLITE_POLL` (250 ms) plus one catch-up later on
//!   SQLite, and a notification's delivery plus one catch-up on PostgreSQL
//!   (`PG_POLL`, 5 s, if the listener connection is lost).
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use app::api::AppError;
use app::model::{NationalSummary, ParkStatus, Quarter, RegionSummary, SearchResults, SearchRow};
use chrono::{DateTime, NaiveDate, Utc};

use super::Registry;
use super::index::public_figure;
use super::track::Track;
use crate::db::snapshot::{RegionRow, Scope};
use crate::db::{changes, db_error};
use crate::domain::disclosure::{self, Plan};
use crate::domain::figures::SpaceFigures;
use crate::domain::jobs::{ReportHeadcount, last_complete_quarter};
use crate::domain::search::{ColumnRow, Columns};
use crate::domain::timeline::Timelines;
use crate::errors::{corrupt, internal};
use crate::services::cache::{ChangeHead, Weigh};
use crate::services::rows_json::{self, PageRow, RowsJson, row_json};

/// How often an instance on SQLite looks at the change log's head.
pub const SQLITE_POLL: Duration = Duration::from_millis(250);
/// How often an instance on PostgreSQL looks, besides the notifications.
pub const PG_POLL: Duration = Duration::from_secs(5);
/// How often the follower prunes the change log (`changes::prune`).
const PRUNE_EVERY: Duration = Duration::from_secs(300);

/// Every park's track, in name order, and what spans parks.
pub(super) struct Tracks {
    /// The change log's head these tracks are current with.
    pub(super) head: i64,
    pub(super) list: Vec<Arc<Track>>,
    pub(super) regions: Arc<Vec<RegionRow>>,
    /// The parks' free space, packed with today as the base date.
    pub(super) timelines: Timelines,
    /// What the small-cell rule hides, by quarter (date-independent).
    pub(super) plans: Arc<BTreeMap<Quarter, Plan>>,
    nation_jobs: BTreeMap<Quarter, i64>,
    region_jobs: HashMap<String, BTreeMap<Quarter, i64>>,
    last_updated_at: Option<DateTime<Utc>>,
    demo: bool,
    operating: i64,
}

impl Tracks {
    /// `plans`: the previous plans when no change can have moved them.
    fn new(
        head: i64,
        list: Vec<Arc<Track>>,
        regions: Arc<Vec<RegionRow>>,
        base: NaiveDate,
        plans: Option<Arc<BTreeMap<Quarter, Plan>>>,
    ) -> Self {
        let free: Vec<_> = list.iter().map(|t| &t.free).collect();
        let timelines = Timelines::from_refs(&free, base);
        let plans = plans.unwrap_or_else(|| Arc::new(plans_of(&list)));
        let mut nation_jobs: BTreeMap<Quarter, i64> = BTreeMap::new();
        let mut region_jobs: HashMap<String, BTreeMap<Quarter, i64>> = HashMap::new();
        for t in &list {
            let region = region_jobs.entry(t.region.clone()).or_default();
            for (q, n) in &t.jobs {
                *nation_jobs.entry(*q).or_default() += n;
                *region.entry(*q).or_default() += n;
            }
        }
        Tracks {
            head,
            timelines,
            plans,
            nation_jobs,
            region_jobs,
            last_updated_at: list.iter().map(|t| t.last_updated_at()).max(),
            demo: list.iter().any(|t| t.demo()),
            operating: list
                .iter()
                .filter(|t| t.template().status == ParkStatus::Operating)
                .count() as i64,
            list,
            regions,
        }
    }
}

/// The small-cell plans of every quarter, from every park's reports.
fn plans_of(list: &[Arc<Track>]) -> BTreeMap<Quarter, Plan> {
    let places: Vec<(i32, &str)> = list.iter().map(|t| (t.id, t.region.as_str())).collect();
    let reports: Vec<ReportHeadcount> = list
        .iter()
        .flat_map(|t| t.reports.iter().copied())
        .collect();
    let published = list
        .iter()
        .flat_map(|t| t.published.iter().copied())
        .collect();
    disclosure::plans_by_quarter(&places, &reports, &published)
}

/// The latest quarter up to `up_to` in `jobs`, and its total.
fn latest(jobs: Option<&BTreeMap<Quarter, i64>>, up_to: Quarter) -> Option<(Quarter, i64)> {
    jobs?.range(..=up_to).next_back().map(|(q, n)| (*q, *n))
}

/// Today's rows: every park's row and its JSON.
pub(super) struct Rows {
    pub(super) parks: Vec<Arc<SearchRow>>,
    pub(super) json: RowsJson,
}

/// Everything a read needs at one date: the search columns, the national
/// and regional summaries and, for today, every row.
pub(super) struct Index {
    pub(super) as_of: NaiveDate,
    pub(super) tracks: Arc<Tracks>,
    pub(super) columns: Columns,
    pub(super) national: NationalSummary,
    pub(super) region_summaries: Vec<RegionSummary>,
    pub(super) rows: Option<Rows>,
}

impl Weigh for Index {
    fn weight(&self) -> usize {
        // columns: about 200 bytes per park (sets, orders, coordinates); the
        // tracks are shared with today's index and not counted here
        self.tracks.list.len() * 200
            + self.rows.as_ref().map_or(0, |r| {
                r.json.heap_bytes() + r.parks.len() * std::mem::size_of::<SearchRow>() * 2
            })
            + 4096
    }
}

impl Index {
    /// The index at `as_of` from the tracks, with every row when `rows` is
    /// given (today's), reusing the rows of `reuse` for the parks whose
    /// tracks are the same (`Arc::ptr_eq`) when the plans are too.
    fn build(
        tracks: Arc<Tracks>,
        as_of: NaiveDate,
        reuse: Option<&Index>,
        rows: bool,
    ) -> Result<Self, AppError> {
        let column_rows: Vec<ColumnRow<'_>> =
            tracks.list.iter().map(|t| t.column_row(as_of)).collect();
        let columns = Columns::from_rows(&column_rows, &tracks.timelines);
        drop(column_rows);
        let (national, region_summaries) = summaries(&tracks, as_of)?;
        let rows = if rows {
            Some(today_rows(&tracks, as_of, reuse)?)
        } else {
            None
        };
        Ok(Index {
            as_of,
            tracks,
            columns,
            national,
            region_summaries,
            rows,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.tracks.list.len()
    }

    /// Park `i`'s row (name order).
    pub(super) fn row(&self, i: usize) -> SearchRow {
        match &self.rows {
            Some(rows) => rows.parks[i].as_ref().clone(),
            None => self.tracks.list[i].row_at(self.as_of, &self.tracks.plans),
        }
    }

    /// A page of results as JSON: the kept rows' JSON today, the page's rows
    /// serialized now at another date.
    pub(super) fn page_json(
        &self,
        head: &SearchResults,
        page: &[PageRow],
    ) -> Result<Vec<u8>, AppError> {
        let written = match &self.rows {
            Some(rows) => rows_json::page(head, &rows.json, page),
            None => {
                let json = page
                    .iter()
                    .map(|r| row_json(&self.row(r.index)))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| internal("writing a page of search results as JSON", e))?;
                let renumbered: Vec<PageRow> = page
                    .iter()
                    .enumerate()
                    .map(|(n, r)| PageRow { index: n, ..*r })
                    .collect();
                rows_json::page(head, &RowsJson::from_rows(json), &renumbered)
            }
        };
        written.map_err(|e| internal("writing a page of search results as JSON", e))
    }

    /// Everything the index answers with, as bytes: two indexes with the
    /// same fingerprint answer every read the same (tests compare an index
    /// caught up change by change with one built from nothing).
    pub(super) fn fingerprint(&self) -> Result<Vec<u8>, AppError> {
        let mut out = Vec::new();
        let json = |v: &dyn erased::Json, out: &mut Vec<u8>| v.write(out);
        json(&self.as_of, &mut out)?;
        json(&self.national, &mut out)?;
        json(&self.region_summaries, &mut out)?;
        for i in 0..self.len() {
            json(&self.row(i), &mut out)?;
            out.push(b'\n');
        }
        if let Some(rows) = &self.rows {
            for i in 0..rows.json.len() {
                out.extend_from_slice(&rows.json.shared(i));
                out.push(b'\n');
            }
        }
        out.extend_from_slice(
            format!(
                "{:?}\n{:?}\n{:?}",
                self.columns, self.tracks.timelines, self.tracks.plans
            )
            .as_bytes(),
        );
        Ok(out)
    }
}

/// `serde_json` into a buffer through a trait object, for `fingerprint`.
mod erased {
    use app::api::AppError;

    pub(super) trait Json {
        fn write(&self, out: &mut Vec<u8>) -> Result<(), AppError>;
    }

    impl<T: serde::Serialize> Json for T {
        fn write(&self, out: &mut Vec<u8>) -> Result<(), AppError> {
            serde_json::to_writer(out, self)
                .map_err(|e| crate::errors::internal("fingerprinting the index", e))
        }
    }
}

/// A previous row kept for a park: its track then, its row and its JSON.
type Kept<'a> = (&'a Arc<Track>, &'a Arc<SearchRow>, Arc<[u8]>);

fn today_rows(tracks: &Tracks, as_of: NaiveDate, reuse: Option<&Index>) -> Result<Rows, AppError> {
    // the previous rows, by park id, when they can be kept
    let kept: HashMap<i32, Kept<'_>> = reuse
        .filter(|ix| ix.as_of == as_of && Arc::ptr_eq(&ix.tracks.plans, &tracks.plans))
        .and_then(|ix| ix.rows.as_ref().map(|rows| (ix, rows)))
        .map(|(ix, rows)| {
            ix.tracks
                .list
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, (t, &rows.parks[i], rows.json.shared(i))))
                .collect()
        })
        .unwrap_or_default();
    let mut parks = Vec::with_capacity(tracks.list.len());
    let mut json = Vec::with_capacity(tracks.list.len());
    for t in &tracks.list {
        match kept.get(&t.id) {
            Some((old, row, text)) if Arc::ptr_eq(old, t) => {
                parks.push(Arc::clone(row));
                json.push(text.clone());
            }
            _ => {
                let row = t.row_at(as_of, &tracks.plans);
                json.push(row_json(&row).map_err(|e| internal("keeping search rows as JSON", e))?);
                parks.push(Arc::new(row));
            }
        }
    }
    Ok(Rows {
        parks,
        json: RowsJson::from_rows(json),
    })
}

/// The national and regional summaries at `as_of`.
fn summaries(
    t: &Tracks,
    as_of: NaiveDate,
) -> Result<(NationalSummary, Vec<RegionSummary>), AppError> {
    let up_to = last_complete_quarter(as_of);
    let mut nation = SpaceFigures::default();
    let mut by_region: HashMap<&str, (i64, SpaceFigures)> = HashMap::new();
    for track in &t.list {
        let space = track.at(as_of).space;
        nation.add(&space);
        let r = by_region.entry(track.region.as_str()).or_default();
        r.0 += 1;
        r.1.add(&space);
    }
    let national = NationalSummary {
        parks: t.list.len() as i64,
        parks_operating: t.operating,
        floor_area_m2: nation.floor_area_m2,
        occupied_m2: nation.occupied_m2,
        available_m2: nation.available_m2(),
        future_supply_m2: nation.future_supply_m2,
        occupancy_as_of: as_of,
        jobs: public_figure(latest(Some(&t.nation_jobs), up_to), |q| {
            t.plans.get(&q).is_some_and(Plan::nation_hidden)
        }),
        last_updated_at: t.last_updated_at,
        demo: t.demo,
    };
    let regions = t
        .regions
        .iter()
        .map(|r| {
            let (parks, space) = by_region.get(r.code.as_str()).copied().unwrap_or_default();
            Ok(RegionSummary {
                code: r.code().map_err(|e| corrupt("regions", &r.code, e))?,
                name: r.name(),
                population_2024: r.population_2024,
                parks,
                floor_area_m2: space.floor_area_m2,
                occupied_m2: space.occupied_m2,
                available_m2: space.available_m2(),
                jobs: public_figure(latest(t.region_jobs.get(&r.code), up_to), |q| {
                    t.plans.get(&q).is_some_and(|p| p.region_hidden(&r.code))
                }),
                occupancy_as_of: as_of,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((national, regions))
}

/// The live state: today's index (its tracks inside), swapped whole.
#[derive(Default)]
pub(super) struct Live {
    current: RwLock<Option<Arc<Index>>>,
    /// One load or catch-up at a time.
    apply: tokio::sync::Mutex<()>,
}

impl Live {
    fn get(&self) -> Option<Arc<Index>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, ix: Arc<Index>) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(ix);
    }
}

impl Registry {
    /// Today's index: from memory once loaded (no database round trip); the
    /// first read loads every park, and the first read of a new day puts
    /// the index together again at the new date.
    pub(super) async fn today_index(&self) -> Result<Arc<Index>, AppError> {
        let today = self.clock.today();
        if let Some(ix) = self.live.get().filter(|ix| ix.as_of == today) {
            return Ok(ix);
        }
        let _apply = self.live.apply.lock().await;
        match self.live.get() {
            Some(ix) if ix.as_of == today => Ok(ix),
            Some(ix) => {
                // a new day: every row at the new date, the tracks as they are
                let old = ix.tracks.clone();
                let list = old.list.clone();
                let regions = old.regions.clone();
                let plans = Some(old.plans.clone());
                let head = old.head;
                let ix = tokio::task::spawn_blocking(move || {
                    let tracks = Arc::new(Tracks::new(head, list, regions, today, plans));
                    Index::build(tracks, today, None, true).map(Arc::new)
                })
                .await
                .map_err(|e| internal("building the index", e))??;
                self.live.set(ix.clone());
                Ok(ix)
            }
            None => {
                let ix = self.load_everything(today).await?;
                self.live.set(ix.clone());
                Ok(ix)
            }
        }
    }

    /// Every park loaded and derived: the first read, and a change that
    /// reaches every park (or more than `changes::MAX_PARKS`).
    async fn load_everything(&self, today: NaiveDate) -> Result<Arc<Index>, AppError> {
        let started = std::time::Instant::now();
        // the head first: a change committed while loading is applied again next time
        let head = changes::head(&self.db)
            .await
            .map_err(|e| db_error("reading the change log", e))?;
        let s = self.snapshot(Scope::All).await?;
        let registry = self.clone();
        let ix = tokio::task::spawn_blocking(move || {
            let mut s = s;
            let list = registry
                .tracks(&s, today)?
                .into_iter()
                .map(Arc::new)
                .collect();
            let regions = Arc::new(std::mem::take(&mut s.regions));
            drop(s);
            let tracks = Arc::new(Tracks::new(head, list, regions, today, None));
            let ix = Index::build(tracks, today, None, true).map(Arc::new);
            crate::services::cache::return_freed_memory();
            ix
        })
        .await
        .map_err(|e| internal("building the index", e))??;
        self.head.set(head);
        tracing::debug!(
            parks = ix.len(),
            head,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "index loaded"
        );
        Ok(ix)
    }

    /// Applies the changes logged since the index's head: loads only the
    /// parks they touched. Cheap when nothing changed (one query). Before
    /// the first read there is no index to update: only the head is read.
    pub async fn catch_up(&self) -> Result<(), AppError> {
        let _apply = self.live.apply.lock().await;
        let Some(ix) = self.live.get() else {
            let head = changes::head(&self.db)
                .await
                .map_err(|e| db_error("reading the change log", e))?;
            self.head.set(head);
            return Ok(());
        };
        let pending = changes::since(&self.db, ix.tracks.head)
            .await
            .map_err(|e| db_error("reading the change log", e))?;
        if pending.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let today = self.clock.today();
        let next = if pending.everything {
            self.load_everything(today).await?
        } else {
            let ids: Vec<i32> = pending.parks.iter().copied().collect();
            let s = self.snapshot(Scope::Parks(&ids)).await?;
            let registry = self.clone();
            let prev = ix.clone();
            let head = pending.head;
            let disclosure = pending.disclosure;
            tokio::task::spawn_blocking(move || {
                let fresh: Vec<Track> = registry.tracks(&s, today)?;
                let touched: HashSet<i32> = ids.iter().copied().collect();
                let mut list: Vec<Arc<Track>> = prev
                    .tracks
                    .list
                    .iter()
                    .filter(|t| !touched.contains(&t.id))
                    .cloned()
                    .collect();
                list.extend(fresh.into_iter().map(Arc::new));
                // name order, then id, as the snapshot orders parks
                list.sort_by(|a, b| a.name_key().cmp(&b.name_key()));
                let plans = (!disclosure).then(|| prev.tracks.plans.clone());
                let tracks = Arc::new(Tracks::new(
                    head,
                    list,
                    prev.tracks.regions.clone(),
                    today,
                    plans,
                ));
                Index::build(tracks, today, Some(&prev), true).map(Arc::new)
            })
            .await
            .map_err(|e| internal("updating the index", e))??
        };
        self.head.set(next.tracks.head);
        tracing::debug!(
            parks = pending.parks.len(),
            everything = pending.everything,
            head = next.tracks.head,
            elapsed_us = started.elapsed().as_micros() as u64,
            "index caught up"
        );
        self.live.set(next);
        Ok(())
    }

    /// The index at `as_of`: today's from memory, another date's put
    /// together from the tracks (kept in the bounded cache by date and head).
    pub(super) async fn index(&self, as_of: NaiveDate) -> Result<Arc<Index>, AppError> {
        let today = self.today_index().await?;
        if as_of == today.as_of {
            return Ok(today);
        }
        let head = today.tracks.head;
        self.cache
            .get(as_of, head, |permit| async move {
                let tracks = today.tracks.clone();
                permit
                    .run_blocking((), move |_| Index::build(tracks, as_of, None, false))
                    .await
                    .map_err(|e| internal("building the index of a date", e))?
            })
            .await
    }

    /// Everything the index at `as_of` answers with, as bytes (for tests:
    /// an index caught up change by change against one loaded from nothing).
    pub async fn fingerprint(&self, as_of: NaiveDate) -> Result<Vec<u8>, AppError> {
        self.index(as_of).await?.fingerprint()
    }

    /// The change log's head this instance's index is current with.
    pub fn head(&self) -> i64 {
        self.head.get()
    }

    /// The head, shared: the balance's cache is keyed by it (`Jobs::following`).
    pub fn change_head(&self) -> ChangeHead {
        self.head.clone()
    }

    /// Follows the changes other instances and processes make, and prunes
    /// the change log; runs as long as the server (see the module's notes
    /// for the bounds). Errors are logged and tried again.
    pub async fn follow(self) -> std::convert::Infallible {
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        prune.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut listener = self.listen().await;
        loop {
            let poll = if listener.is_some() {
                PG_POLL
            } else {
                SQLITE_POLL
            };
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = prune.tick() => {
                    if let Err(e) = changes::prune(&self.db).await {
                        tracing::warn!(error = %e, "pruning the change log failed");
                    }
                }
                got = next_notification(&mut listener) => {
                    if !got {
                        // the listener's connection is gone: poll until it is back
                        listener = None;
                    }
                }
            }
            if listener.is_none() && self.db.get_database_backend() == sea_orm::DbBackend::Postgres
            {
                listener = self.listen().await;
            }
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = ?e, "catching up with the change log failed");
            }
        }
    }

    /// `LISTEN tvr_changes` on PostgreSQL; `None` on SQLite or on failure.
    async fn listen(&self) -> Option<sea_orm::sqlx::postgres::PgListener> {
        if self.db.get_database_backend() != sea_orm::DbBackend::Postgres {
            return None;
        }
        let pool = self.db.get_postgres_connection_pool();
        let mut listener = match sea_orm::sqlx::postgres::PgListener::connect_with(pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "LISTEN failed: polling the change log instead");
                return None;
            }
        };
        match listener.listen("tvr_changes").await {
            Ok(()) => Some(listener),
            Err(e) => {
                tracing::warn!(error = %e, "LISTEN failed: polling the change log instead");
                None
            }
        }
    }
}

/// Waits for the next notification (forever without a listener); false when
/// the listener failed.
async fn next_notification(listener: &mut Option<sea_orm::sqlx::postgres::PgListener>) -> bool {
    match listener {
        Some(l) => l.recv().await.is_ok(),
        None => std::future::pending().await,
    }
}

impl Live {
    /// Whether today's index is loaded at `as_of`.
    pub(super) fn has(&self, as_of: NaiveDate) -> bool {
        self.get().is_some_and(|ix| ix.as_of == as_of)
    }
}
