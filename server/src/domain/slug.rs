//! URL slugs from park names.

/// "Fès Shore" -> "fes-shore"; accents folded, anything else becomes a dash.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if folded == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(folded);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("Fès Shore"), "fes-shore");
        assert_eq!(slugify("Technopolis Rabat-Salé"), "technopolis-rabat-sale");
        assert_eq!(slugify("  Tétouan  Shore! "), "tetouan-shore");
        assert_eq!(slugify("Casanearshore"), "casanearshore");
    }
}
