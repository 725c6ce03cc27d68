//! Facts recorded through the real storage layer, for tests that need
//! precise data rather than the demo.
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use server::db::entities::{
    buildings, job_report_lines, job_reports, lease_events, parks, tenants,
};

pub struct Fixture<'a> {
    pub db: &'a DatabaseConnection,
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

impl<'a> Fixture<'a> {
    pub fn new(db: &'a DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn park(&self, slug: &str, region_code: &str, status: &str) -> i32 {
        self.park_at(slug, region_code, status, (33.55, -7.6), Some(9_000))
            .await
    }

    /// A park at (lat, lon) with a rent in centimes per m² per month.
    pub async fn park_at(
        &self,
        slug: &str,
        region_code: &str,
        status: &str,
        at: (f64, f64),
        rent: Option<i64>,
    ) -> i32 {
        let now = Utc::now();
        parks::ActiveModel {
            slug: Set(slug.into()),
            name: Set(format!("Park {slug}")),
            city: Set("Casablanca".into()),
            operator: Set("Test operator".into()),
            status: Set(status.into()),
            lat: Set(at.0),
            lon: Set(at.1),
            region_code: Set(region_code.into()),
            land_ha: Set(Some(10.0)),
            delivery_date: Set(None),
            rent_centimes_per_m2_month: Set(rent),
            description_fr: Set(None),
            description_ar: Set(None),
            description_en: Set(None),
            press_office_floor_m2: Set(None),
            press_reported_jobs: Set(None),
            press_figures_year: Set(None),
            source_note: Set(None),
            is_demo: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            updated_by: Set("fixture".into()),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("park inserted")
        .id
    }

    pub async fn building(
        &self,
        park_id: i32,
        floor_area_m2: i64,
        seats: i32,
        delivery: Option<NaiveDate>,
    ) -> i32 {
        buildings::ActiveModel {
            park_id: Set(park_id),
            name: Set(format!("Building {floor_area_m2}")),
            floor_area_m2: Set(floor_area_m2),
            seats: Set(seats),
            delivery_date: Set(delivery),
            is_demo: Set(false),
            version: Set(1),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("building inserted")
        .id
    }

    pub async fn tenant(&self, company: &str, line: &str) -> i32 {
        tenants::ActiveModel {
            company: Set(company.into()),
            country: Set("MA".into()),
            activity_line: Set(line.into()),
            is_demo: Set(false),
            version: Set(1),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("tenant inserted")
        .id
    }

    pub async fn lease(
        &self,
        building_id: i32,
        tenant_id: i32,
        kind: &str,
        area_m2: i64,
        seats: i32,
        effective: NaiveDate,
    ) {
        lease_events::ActiveModel {
            building_id: Set(building_id),
            tenant_id: Set(tenant_id),
            kind: Set(kind.into()),
            area_m2: Set(area_m2),
            seats: Set(seats),
            effective_date: Set(effective),
            recorded_by: Set("fixture".into()),
            recorded_at: Set(Utc::now()),
            is_demo: Set(false),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("lease event inserted");
    }

    /// A job report with one line (all full time) in the tenant's activity line.
    pub async fn report(
        &self,
        tenant_id: i32,
        park_id: i32,
        year: i32,
        quarter: i16,
        status: &str,
        headcount: i32,
    ) {
        let report = job_reports::ActiveModel {
            tenant_id: Set(tenant_id),
            park_id: Set(park_id),
            year: Set(year),
            quarter: Set(quarter),
            revision: Set(1),
            new_moroccan_recruits: Set(0),
            status: Set(status.into()),
            comment: Set(None),
            submitted_at: Set(Some(Utc::now())),
            validated_at: Set(None),
            validated_by: Set(None),
            is_demo: Set(false),
            version: Set(1),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("report inserted");
        job_report_lines::ActiveModel {
            report_id: Set(report.id),
            activity_line: Set("ITO".into()),
            full_time: Set(headcount),
            part_time: Set(0),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("report line inserted");
    }
}
