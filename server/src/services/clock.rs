//! What "today" is for the registry.
use chrono::{FixedOffset, NaiveDate, Utc};

/// Business dates are Moroccan dates. Morocco keeps UTC+1 outside Ramadan;
/// the hour's difference during Ramadan only matters around midnight.
const MOROCCO_OFFSET_SECS: i32 = 3600;

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    /// A fixed date, for demos and replays (`--today`).
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        match self {
            Self::System => {
                let offset = FixedOffset::east_opt(MOROCCO_OFFSET_SECS).expect("valid offset");
                Utc::now().with_timezone(&offset).date_naive()
            }
            Self::Fixed(d) => *d,
        }
    }
}
