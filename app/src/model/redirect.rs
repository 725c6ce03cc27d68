//! Where a form may send the browser afterwards: only a path of this site.
//!
//! `next` comes from the query string, so anyone can write a link that
//! carries it. Browsers drop tabs and newlines from a `Location` and read
//! `\` as `/`, so `/\tevil.example`, `/\evil.example` and `//evil.example`
//! all leave the site; each such form is refused.

/// `next` when it is a path of this site, else `fallback`.
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    next.filter(|n| is_local_path(n))
        .unwrap_or(fallback)
        .to_string()
}

/// A single leading `/`, then no `/` or `\` straight after it, and no
/// backslash, control character or whitespace anywhere.
pub fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_are_kept() {
        for ok in [
            "/",
            "/fr",
            "/fr/manage",
            "/fr/parks?region=06&page=2",
            "/en/parks/a-b#x",
        ] {
            assert_eq!(safe_next(Some(ok), "/fr/manage"), ok, "{ok}");
        }
    }

    #[test]
    fn anything_that_can_leave_the_site_falls_back() {
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
            "/fr\\..\\evil",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /fr",
            "/fr evil",
            "/\u{0}x",
            "/\u{7f}x",
            "",
        ] {
            assert_eq!(safe_next(Some(bad), "/fr/manage"), "/fr/manage", "{bad:?}");
        }
        assert_eq!(safe_next(None, "/fr"), "/fr");
    }
}
