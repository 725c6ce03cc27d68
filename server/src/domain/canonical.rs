//! The one spelling of a page's address: no trailing slash.
//!
//! `/fr/parks/` names the same page as `/fr/parks`; the router matches only
//! the second, so the first is sent there (a permanent redirect) rather than
//! failing. Leading slashes collapse to one, so `//evil.example/` can never
//! become the protocol-relative `//evil.example` in a `Location`.

/// The canonical form of `path` (no query), or `None` when it already is.
pub fn canonical_path(path: &str) -> Option<String> {
    if path.len() <= 1 || !path.ends_with('/') {
        return None;
    }
    let trimmed = path.trim_matches('/');
    Some(format!("/{trimmed}"))
}

/// The redirect target for `path` with its query string kept.
pub fn canonical_target(path: &str, query: Option<&str>) -> Option<String> {
    let path = canonical_path(path)?;
    Some(match query {
        Some(q) => format!("{path}?{q}"),
        None => path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_slash_is_dropped_and_the_query_kept() {
        assert_eq!(canonical_path("/fr/parks/").as_deref(), Some("/fr/parks"));
        assert_eq!(
            canonical_path("/fr/balance//").as_deref(),
            Some("/fr/balance")
        );
        assert_eq!(
            canonical_target("/fr/parks/", Some("region=06&page=2")).as_deref(),
            Some("/fr/parks?region=06&page=2")
        );
        assert_eq!(canonical_path("/fr/parks"), None);
        assert_eq!(canonical_path("/"), None);
        assert_eq!(canonical_path(""), None);
    }

    #[test]
    fn the_target_never_leaves_the_site() {
        assert_eq!(
            canonical_path("//evil.example/").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(canonical_path("///").as_deref(), Some("/"));
        assert_eq!(canonical_path("//").as_deref(), Some("/"));
    }
}
