//! The one spelling of a page's address (layer: domain, pure): no trailing
//! slash, no empty, `.` or `..` segment, `/` as the only separator.
//!
//! `/fr/parks/` names the same page as `/fr/parks`; the router matches only
//! the second, so the first is sent there (a permanent redirect) rather than
//! failing. Leading slashes collapse to one, so `//evil.example/` can never
//! become the protocol-relative `//evil.example` in a `Location`.
//!
//! Dot segments (`.`, `..`, and their percent-encoded forms `%2e`, `%2E`)
//! and backslashes are resolved as a browser resolves them (the WHATWG URL
//! rules, which the Leptos router also applies when it matches a page), so
//! the axum router and the page router always see the same path: a raw
//! `/fr/./manage/jobs` or `/%2e%2e/fr/balance` redirects to the page it
//! names instead of reaching a page outside the routes that provide its
//! services.

/// The canonical form of `path` (no query), or `None` when it already is.
pub fn canonical_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split(['/', '\\']) {
        match dots(segment) {
            1 => {}
            2 => {
                segments.pop();
            }
            _ if segment.is_empty() => {}
            _ => segments.push(segment),
        }
    }
    let canonical = format!("/{}", segments.join("/"));
    (canonical != path).then_some(canonical)
}

/// 1 for a `.` segment, 2 for `..` (either spelled with `%2e`), else 0.
fn dots(segment: &str) -> usize {
    if segment.len() > 6 || !segment.starts_with(['.', '%']) {
        return 0;
    }
    match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
        "." => 1,
        ".." => 2,
        _ => 0,
    }
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
        assert_eq!(
            canonical_path("//evil.example").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(
            canonical_path("/\\evil.example").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(
            canonical_path("/../..//evil.example").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(canonical_path("///").as_deref(), Some("/"));
        assert_eq!(canonical_path("//").as_deref(), Some("/"));
    }

    #[test]
    fn dot_segments_and_backslashes_resolve_as_a_browser_resolves_them() {
        for (raw, canonical) in [
            ("/fr/./manage/jobs", "/fr/manage/jobs"),
            ("/fr/parks/../balance", "/fr/balance"),
            ("/../fr/report", "/fr/report"),
            ("/%2e%2e/ar/balance", "/ar/balance"),
            ("/%2E/fr/manage", "/fr/manage"),
            ("/fr/.%2E/en", "/en"),
            ("/fr/%2e./en", "/en"),
            ("/fr/parks/.", "/fr/parks"),
            ("/fr//parks", "/fr/parks"),
            ("/fr\\parks", "/fr/parks"),
            ("/pkg/../Cargo.toml", "/Cargo.toml"),
        ] {
            assert_eq!(canonical_path(raw).as_deref(), Some(canonical), "{raw}");
        }
        // not dot segments: kept as they are
        for kept in [
            "/fr/parks/a.b",
            "/fr/parks/...",
            "/fr/parks/%2e%2e%2e",
            "/fr/parks/.well",
            "/fr/parks/a%2fb",
            "/pkg/tech-valley-registry.css",
            "/api/v1/parks.geojson",
        ] {
            assert_eq!(canonical_path(kept), None, "{kept}");
        }
    }
}
