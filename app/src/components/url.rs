//! Building links that keep a page's query parameters.

/// Percent-encodes a query component (RFC 3986 unreserved characters pass).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `path?k=v&...` from pairs, leaving out empty values.
pub fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The pairs with `key` set to `value` (replacing any previous values).
pub fn replace(pairs: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != key).cloned().collect();
    out.push((key.to_string(), value.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_search_and_encode_it() {
        let pairs = vec![
            ("region".to_string(), "06".to_string()),
            ("near".to_string(), "Fès".to_string()),
        ];
        assert_eq!(
            with_query("/fr/parks", &pairs),
            "/fr/parks?region=06&near=F%C3%A8s"
        );
        let next = replace(&pairs, "page", "2");
        assert_eq!(
            with_query("/fr/parks", &next),
            "/fr/parks?region=06&near=F%C3%A8s&page=2"
        );
        assert_eq!(
            with_query("/fr/parks", &[("region".into(), String::new())]),
            "/fr/parks"
        );
    }
}
