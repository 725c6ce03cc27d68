//! What the public may see of declared jobs (layer: domain; pure): the one
//! small-cell rule every public figure goes through, and who sees exact
//! figures instead.
//!
//! The figures of one quarter form a hierarchy: tenants add up to parks,
//! parks to regions, regions to the nation. A tenant's own figure is public
//! only with its consent (`published`). A [`Plan`] says which park, region
//! and national totals the public sees; the others read "fewer than 3
//! tenants". It guarantees that no hidden figure can be worked out from the
//! shown ones by adding and subtracting within the hierarchy:
//!
//! - a total is hidden (primary) when it has unpublished tenants and covers
//!   1 or 2 tenants, or exactly one of its tenants is unpublished (the
//!   others' published figures would give that one away);
//! - a shown total with exactly one hidden part (a park of a region, a region
//!   of the nation) gets a second one: its smallest other part that has an
//!   unpublished tenant; without such a part the total itself is hidden;
//! - a hidden total whose parts are all shown would be their sum: its
//!   smallest part with an unpublished tenant is hidden too.
//!
//! A hidden park or region thus always contains a figure the public does not
//! know, and each equation the public can write (a shown total minus its
//! shown parts) involves at least two unknown parts: none is determined.
//! Totals whose tenants all publish are sums of public figures and are shown.
use std::collections::{BTreeMap, BTreeSet};

use app::model::{Quarter, Role};

use crate::domain::auth::Actor;
use crate::domain::balance::MIN_TENANTS_SHOWN;
use crate::domain::jobs::{ReportHeadcount, latest_of_quarter};

/// One tenant's counted figure in one park for the quarter being planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantFigure {
    pub park_id: i32,
    pub tenant_id: i32,
    pub headcount: i64,
    /// The tenant agreed to publish its own headcount.
    pub published: bool,
}

/// Which totals of one quarter the public may not see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    hidden_parks: BTreeSet<i32>,
    hidden_regions: BTreeSet<String>,
    nation_hidden: bool,
}

impl Plan {
    pub fn park_hidden(&self, park_id: i32) -> bool {
        self.hidden_parks.contains(&park_id)
    }

    pub fn region_hidden(&self, region_code: &str) -> bool {
        self.hidden_regions.contains(region_code)
    }

    pub fn nation_hidden(&self) -> bool {
        self.nation_hidden
    }

    /// Any region is hidden: national measures built from every region's
    /// value (the concentration index, the share outside the axis) could
    /// then give a hidden region away and are not shown.
    pub fn any_region_hidden(&self) -> bool {
        !self.hidden_regions.is_empty()
    }
}

/// What a total covers: its value, reporting tenants and unpublished ones.
#[derive(Debug, Clone, Copy, Default)]
struct Cover {
    value: i64,
    tenants: usize,
    unpublished: usize,
}

impl Cover {
    fn add(&mut self, other: Cover) {
        self.value += other.value;
        self.tenants += other.tenants;
        self.unpublished += other.unpublished;
    }

    /// Covers 1 or 2 tenants, or exactly one unpublished: the public must not see it.
    fn primary(self) -> bool {
        self.unpublished > 0 && (self.tenants < MIN_TENANTS_SHOWN || self.unpublished == 1)
    }
}

/// Of `parts` (key, cover), the one that can best hide alongside others:
/// shown, with an unpublished tenant, smallest value first (then key).
fn complement<K: Ord + Clone>(parts: &[(K, Cover)], hidden: &BTreeSet<K>) -> Option<K> {
    parts
        .iter()
        .filter(|(k, c)| !hidden.contains(k) && c.unpublished > 0)
        .min_by(|(ka, a), (kb, b)| a.value.cmp(&b.value).then_with(|| ka.cmp(kb)))
        .map(|(k, _)| k.clone())
}

/// Makes one total and its parts safe (the rules in the module's head);
/// true when it hid something.
fn protect<K: Ord + Clone>(
    parts: &[(K, Cover)],
    hidden_parts: &mut BTreeSet<K>,
    total_hidden: &mut bool,
) -> bool {
    let hidden_here = parts
        .iter()
        .filter(|(k, _)| hidden_parts.contains(k))
        .count();
    let wanted = if *total_hidden { 0 } else { 1 };
    if hidden_here != wanted {
        return false;
    }
    match complement(parts, hidden_parts) {
        Some(k) => {
            hidden_parts.insert(k);
        }
        None if !*total_hidden => *total_hidden = true,
        None => return false,
    }
    true
}

/// The plan of one quarter: `parks` are (park id, region code), `figures`
/// every counted tenant figure of the quarter.
pub fn plan(parks: &[(i32, &str)], figures: &[TenantFigure]) -> Plan {
    let mut by_park: BTreeMap<i32, Cover> = BTreeMap::new();
    for f in figures {
        let c = by_park.entry(f.park_id).or_default();
        c.value += f.headcount;
        c.tenants += 1;
        c.unpublished += usize::from(!f.published);
    }
    let mut regions: BTreeMap<&str, Vec<(i32, Cover)>> = BTreeMap::new();
    for (id, region) in parks {
        if let Some(c) = by_park.get(id) {
            regions.entry(region).or_default().push((*id, *c));
        }
    }
    let region_covers: Vec<(String, Cover)> = regions
        .iter()
        .map(|(code, parts)| {
            let mut c = Cover::default();
            for (_, p) in parts {
                c.add(*p);
            }
            (code.to_string(), c)
        })
        .collect();
    let mut national = Cover::default();
    for (_, c) in &region_covers {
        national.add(*c);
    }

    let mut out = Plan {
        hidden_parks: by_park
            .iter()
            .filter(|(_, c)| c.primary())
            .map(|(id, _)| *id)
            .collect(),
        hidden_regions: region_covers
            .iter()
            .filter(|(_, c)| c.primary())
            .map(|(code, _)| code.clone())
            .collect(),
        nation_hidden: national.primary(),
    };
    // Each step hides one more figure, so this ends within the number of figures.
    loop {
        let mut changed = false;
        for (code, parts) in &regions {
            let mut region_hidden = out.hidden_regions.contains(*code);
            changed |= protect(parts, &mut out.hidden_parks, &mut region_hidden);
            if region_hidden {
                out.hidden_regions.insert(code.to_string());
            }
        }
        changed |= protect(
            &region_covers,
            &mut out.hidden_regions,
            &mut out.nation_hidden,
        );
        if !changed {
            return out;
        }
    }
}

/// The plan of every quarter that has counted reports: one rule for the
/// registry's index, the park pages and the balance, so no two public
/// answers hide different figures of the same quarter.
pub fn plans_by_quarter(
    parks: &[(i32, &str)],
    reports: &[ReportHeadcount],
    published: &BTreeSet<i32>,
) -> BTreeMap<Quarter, Plan> {
    let quarters: BTreeSet<Quarter> = reports
        .iter()
        .filter(|r| r.validated)
        .map(|r| r.quarter)
        .collect();
    quarters
        .into_iter()
        .map(|q| (q, plan(parks, &figures_of(reports, q, published))))
        .collect()
}

/// The counted tenant figures of a quarter, with their consent.
pub fn figures_of(
    reports: &[ReportHeadcount],
    quarter: Quarter,
    published: &BTreeSet<i32>,
) -> Vec<TenantFigure> {
    latest_of_quarter(reports, quarter)
        .into_iter()
        .map(|r| TenantFigure {
            park_id: r.park_id,
            tenant_id: r.tenant_id,
            headcount: r.headcount,
            published: published.contains(&r.tenant_id),
        })
        .collect()
}

/// Who may set a tenant's consent to publish its own headcount: its
/// representative, an admin, or a park manager when every park the tenant
/// leases in (`leases_in`, not empty) is theirs (a company leasing in another
/// operator's park is not theirs to speak for): the tenant-scope rule of its record.
pub fn may_set_consent(actor: &Actor, tenant_id: i32, leases_in: &BTreeSet<i32>) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::TenantRep => actor.tenant_id == Some(tenant_id),
        Role::ParkManager => super::tenant_scope::may_change_record(actor, leases_in).is_ok(),
    }
}

/// Who is looking, for the figures they may see exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// Anyone else: the plan's figures.
    Public,
    /// An admin: every figure.
    Everything,
    /// A park manager: the totals of the parks they manage; every other
    /// figure, regions and the nation included, as the public sees it.
    Parks(BTreeSet<i32>),
}

impl Viewer {
    pub fn of(actor: Option<&Actor>) -> Self {
        match actor.map(|a| a.role) {
            Some(Role::Admin) => Self::Everything,
            Some(Role::ParkManager) => {
                Self::Parks(actor.map(|a| a.parks.clone()).unwrap_or_default())
            }
            _ => Self::Public,
        }
    }

    /// May see this park's total exactly.
    pub fn exact_for_park(&self, park_id: i32) -> bool {
        match self {
            Self::Public => false,
            Self::Everything => true,
            Self::Parks(parks) => parks.contains(&park_id),
        }
    }

    /// May see every figure, regions and the nation included, exactly.
    pub fn exact_everywhere(&self) -> bool {
        matches!(self, Self::Everything)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "06";
    const S: &str = "04";

    fn fig(park_id: i32, tenant_id: i32, headcount: i64, published: bool) -> TenantFigure {
        TenantFigure {
            park_id,
            tenant_id,
            headcount,
            published,
        }
    }

    /// `park` gets one unpublished tenant per headcount (tenant ids from `first`).
    fn tenants(park: i32, first: i32, headcounts: &[i64]) -> Vec<TenantFigure> {
        headcounts
            .iter()
            .enumerate()
            .map(|(i, h)| fig(park, first + i as i32, *h, false))
            .collect()
    }

    fn shown_parks(p: &Plan, parks: &[(i32, &str)], figures: &[TenantFigure]) -> Vec<i32> {
        parks
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !p.park_hidden(*id) && figures.iter().any(|f| f.park_id == *id))
            .collect()
    }

    fn total(figures: &[TenantFigure], park: i32) -> i64 {
        figures
            .iter()
            .filter(|f| f.park_id == park)
            .map(|f| f.headcount)
            .sum()
    }

    /// The conditions that make every hidden figure undetermined (module
    /// head): checked on every plan the tests build.
    fn assert_safe(p: &Plan, parks: &[(i32, &str)], figures: &[TenantFigure]) {
        let unpublished = |park: i32| {
            figures
                .iter()
                .filter(|f| f.park_id == park && !f.published)
                .count()
        };
        let regions: BTreeSet<&str> = parks.iter().map(|(_, r)| *r).collect();
        let mut hidden_regions = 0;
        for r in &regions {
            let reporting: Vec<i32> = parks
                .iter()
                .filter(|(id, pr)| pr == r && figures.iter().any(|f| f.park_id == *id))
                .map(|(id, _)| *id)
                .collect();
            let hidden = reporting.iter().filter(|id| p.park_hidden(**id)).count();
            if p.region_hidden(r) {
                hidden_regions += 1;
                assert!(hidden >= 1, "hidden region {r} is the sum of shown parks");
            } else {
                assert_ne!(
                    hidden, 1,
                    "region {r} minus its shown parks gives a hidden park"
                );
            }
            for id in reporting {
                let n = unpublished(id);
                if p.park_hidden(id) {
                    assert!(n >= 1, "hidden park {id} is the sum of published figures");
                } else {
                    assert_ne!(
                        n, 1,
                        "shown park {id} minus published figures gives one tenant"
                    );
                }
            }
        }
        if !p.nation_hidden() {
            assert_ne!(
                hidden_regions, 1,
                "the nation minus shown regions gives a region"
            );
        }
    }

    #[test]
    fn a_region_total_minus_its_shown_parks_never_gives_a_hidden_park() {
        // Region 06: park 1 has one tenant (4,271), park 2 two (3,389 + 1,202),
        // parks 3 and 4 three each.
        let parks = [(1, R), (2, R), (3, R), (4, R)];
        let mut f = tenants(1, 1, &[4_271]);
        f.extend(tenants(2, 10, &[3_389, 1_202]));
        f.extend(tenants(3, 20, &[100, 200, 300]));
        f.extend(tenants(4, 30, &[500, 500, 500]));
        let p = plan(&parks, &f);
        assert!(p.park_hidden(1) && p.park_hidden(2));
        assert_eq!(shown_parks(&p, &parks, &f), [3, 4]);
        assert!(!p.region_hidden(R), "the region covers 9 tenants");
        // region − shown parks = 14,362 − 600 − 1,500 = 8,862 = park 1 + park 2:
        // neither 4,271 nor 4,591 alone.
        let region: i64 = f.iter().map(|x| x.headcount).sum();
        let rest = region - total(&f, 3) - total(&f, 4);
        assert_eq!(rest, 4_271 + 4_591);
        assert_safe(&p, &parks, &f);
    }

    #[test]
    fn one_small_park_in_a_region_takes_the_next_smallest_with_it() {
        // 4,271 (1 tenant), 600 (3 tenants), 1,500 (3 tenants): 600 is hidden
        // too, so the region (6,371) minus the shown 1,500 is 4,871, not 4,271.
        let parks = [(1, R), (3, R), (4, R)];
        let mut f = tenants(1, 1, &[4_271]);
        f.extend(tenants(3, 20, &[100, 200, 300]));
        f.extend(tenants(4, 30, &[500, 500, 500]));
        let p = plan(&parks, &f);
        assert!(p.park_hidden(1));
        assert!(
            p.park_hidden(3),
            "the smallest other park is the complement"
        );
        assert!(!p.park_hidden(4));
        assert!(!p.region_hidden(R));
        assert_safe(&p, &parks, &f);
    }

    #[test]
    fn a_small_region_hides_another_region_and_a_park_inside_it() {
        // Region 06 has one park with one tenant; region 04 two parks of three.
        // The nation minus 04 would give 06: 04 is hidden, and one of its
        // parks, or else 04 would be the sum of its shown parks.
        let parks = [(1, R), (5, S), (6, S)];
        let mut f = tenants(1, 1, &[4_271]);
        f.extend(tenants(5, 40, &[10, 20, 30]));
        f.extend(tenants(6, 50, &[70, 80, 90]));
        let p = plan(&parks, &f);
        assert!(p.region_hidden(R) && p.park_hidden(1));
        assert!(p.region_hidden(S), "complementary region");
        assert!(
            p.park_hidden(5),
            "smallest park of the complementary region"
        );
        assert!(!p.park_hidden(6));
        assert!(!p.nation_hidden());
        assert_safe(&p, &parks, &f);
    }

    #[test]
    fn a_region_whose_only_small_park_cannot_be_paired_is_hidden_itself() {
        // Park 1: one unpublished tenant; park 2: three tenants who all publish.
        // Hiding park 2 protects nothing (its figures are public): the region goes.
        let parks = [(1, R), (2, R), (3, S)];
        let mut f = tenants(1, 1, &[4_271]);
        f.extend([
            fig(2, 2, 10, true),
            fig(2, 3, 20, true),
            fig(2, 4, 30, true),
        ]);
        f.extend(tenants(3, 20, &[5, 5, 5]));
        let p = plan(&parks, &f);
        assert!(p.park_hidden(1) && !p.park_hidden(2));
        assert!(p.region_hidden(R));
        assert!(
            p.region_hidden(S) && p.park_hidden(3),
            "then the nation pairs it"
        );
        assert_safe(&p, &parks, &f);
    }

    #[test]
    fn consent_publishes_a_tenant_and_one_unpublished_tenant_hides_its_park() {
        // Two tenants who both publish: their sum is no secret, the park is shown.
        let parks = [(1, R), (2, R), (3, R)];
        let mut f = vec![fig(1, 1, 3_389, true), fig(1, 2, 1_202, true)];
        // Three tenants, two publish: the park minus those two gives the third.
        f.extend([
            fig(2, 3, 50, true),
            fig(2, 4, 60, true),
            fig(2, 5, 70, false),
        ]);
        f.extend(tenants(3, 20, &[100, 200, 300]));
        let p = plan(&parks, &f);
        assert!(!p.park_hidden(1));
        assert!(p.park_hidden(2));
        assert!(
            p.park_hidden(3),
            "and the region then needs a second hidden park"
        );
        assert_safe(&p, &parks, &f);
        // All three of park 3 unpublished, none of park 2: park 2 is a plain 3-tenant park.
        let f2: Vec<TenantFigure> = f
            .iter()
            .map(|x| TenantFigure {
                published: x.park_id == 1,
                ..*x
            })
            .collect();
        let p2 = plan(&parks, &f2);
        assert!(!p2.park_hidden(2) && !p2.park_hidden(3));
        assert_safe(&p2, &parks, &f2);
    }

    #[test]
    fn three_tenants_or_none_are_shown_and_a_tiny_registry_hides_the_nation() {
        let parks = [(1, R), (2, R)];
        let p = plan(&parks, &tenants(1, 1, &[1, 2, 3]));
        assert_eq!(p, Plan::default());
        let p = plan(&parks, &[]);
        assert_eq!(p, Plan::default(), "nothing declared: true zeros");
        let p = plan(&parks, &tenants(1, 1, &[7, 8]));
        assert!(p.park_hidden(1) && p.region_hidden(R) && p.nation_hidden());
    }

    #[test]
    fn every_plan_of_many_mixed_registries_is_safe() {
        // A deterministic spread of registries: 3 regions, 6 parks, 0 to 4
        // tenants each, some publishing.
        let parks = [(1, R), (2, R), (3, R), (4, S), (5, S), (6, "03")];
        for seed in 0u64..2_000 {
            let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut next = |m: u64| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (x >> 33) % m
            };
            let mut f = Vec::new();
            let mut tenant = 0;
            for (park, _) in &parks {
                for _ in 0..next(5) {
                    tenant += 1;
                    f.push(fig(*park, tenant, 1 + next(900) as i64, next(4) == 0));
                }
            }
            assert_safe(&plan(&parks, &f), &parks, &f);
        }
    }

    #[test]
    fn consent_is_set_by_the_company_its_parks_managers_or_an_admin() {
        let actor = |role, parks: &[i32], tenant_id| Actor {
            user_id: 1,
            email: "x@example.ma".into(),
            role,
            parks: parks.iter().copied().collect(),
            tenant_id,
        };
        let leases: BTreeSet<i32> = [1, 2].into();
        assert!(may_set_consent(&actor(Role::Admin, &[], None), 7, &leases));
        assert!(may_set_consent(
            &actor(Role::TenantRep, &[], Some(7)),
            7,
            &leases
        ));
        assert!(!may_set_consent(
            &actor(Role::TenantRep, &[], Some(8)),
            7,
            &leases
        ));
        assert!(may_set_consent(
            &actor(Role::ParkManager, &[1, 2, 3], None),
            7,
            &leases
        ));
        assert!(
            !may_set_consent(&actor(Role::ParkManager, &[1], None), 7, &leases),
            "the company also leases in another operator's park"
        );
        assert!(!may_set_consent(
            &actor(Role::ParkManager, &[1], None),
            7,
            &BTreeSet::new()
        ));
    }

    #[test]
    fn admins_see_everything_and_managers_only_their_own_parks() {
        let actor = |role, parks: &[i32]| Actor {
            user_id: 1,
            email: "x@example.ma".into(),
            role,
            parks: parks.iter().copied().collect(),
            tenant_id: None,
        };
        let admin = Viewer::of(Some(&actor(Role::Admin, &[])));
        assert!(admin.exact_for_park(9) && admin.exact_everywhere());
        let manager = Viewer::of(Some(&actor(Role::ParkManager, &[1, 2])));
        assert!(manager.exact_for_park(1) && manager.exact_for_park(2));
        assert!(!manager.exact_for_park(3), "another operator's park");
        assert!(
            !manager.exact_everywhere(),
            "regions and the nation as the public sees them"
        );
        let rep = Viewer::of(Some(&actor(Role::TenantRep, &[1])));
        assert_eq!(rep, Viewer::Public);
        assert_eq!(Viewer::of(None), Viewer::Public);
        assert!(!Viewer::Public.exact_for_park(1));
    }
}
