//! The seeders' deterministic randomness and the invented company names
//! and countries they share: the same demo every time.

/// A small deterministic generator (SplitMix64): the same demo every time.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// First words of invented company names.
pub(crate) const NAME_HEADS: &[&str] = &[
    "Atlas",
    "Argan",
    "Medina",
    "Sahara",
    "Rif",
    "Oasis",
    "Kasbah",
    "Zellige",
    "Cèdre",
    "Noria",
    "Ifrane",
    "Saffron",
    "Mogador",
    "Toubkal",
    "Anfa",
    "Volubilis",
    "Draa",
    "Souss",
    "Bouregreg",
    "Chellah",
];
/// Countries of invented tenants, weighted by repetition.
pub(crate) const COUNTRIES: &[&str] = &[
    "FR", "FR", "FR", "ES", "MA", "MA", "US", "GB", "DE", "BE", "CA", "IT",
];
