//! Charts as server-rendered SVG (layer: app UI): they need no JavaScript,
//! print well and each carries a text alternative. One file per chart.
mod hhi;
mod occupancy;
mod per10k;
mod progress;
mod sparkline;

pub use hhi::HhiTrendChart;
pub use occupancy::OccupancyHistory;
pub use per10k::Per10kChart;
pub use progress::ProgressBar;
pub use sparkline::Sparkline;
