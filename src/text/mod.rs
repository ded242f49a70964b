//! Dutch words and dates, shared by every layer: month and weekday names and date wording
//! ([`dutch`]), dates in free text ([`datum`]), a computed term in words ([`termijn`]), and the
//! small wording helpers below (region names, quotes, capitals).

pub mod datum;
pub mod dutch;
pub mod termijn;

/// Dutch name of a region id: `amsterdam-diemen` → `Amsterdam-Diemen`.
pub fn region_name(id: &str) -> String {
    id.split('-').map(capitalize).collect::<Vec<_>>().join("-")
}

/// The text with its first letter in upper case (`één` → `Één`; `„31 februari”` unchanged).
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A quote between Dutch quotation marks, its line breaks shown as ` … ` (passages join
/// source lines with a newline; a quote is one line in every channel).
pub fn quoted(quote: &str) -> String {
    format!("„{}”", quote.replace('\n', " … "))
}

/// A quote with its citation number: `„…” [2]`.
pub fn cited(quote: &str, rank: usize) -> String {
    format!("{} [{rank}]", quoted(quote))
}

/// A document's status beside a passage (`bron`): `geldig`, `verlopen (geldig t/m 31 juli
/// 2026)`, `vervangen door ...`, `status onbekend (ongedateerd)`.
pub fn status(status: &crate::model::Status) -> String {
    use crate::model::Status;
    match status {
        Status::Geldig => "geldig".into(),
        Status::Verlopen { until } => format!("verlopen (geldig t/m {})", dutch::date(*until)),
        Status::Vervangen { by } => format!("vervangen door {by}"),
        Status::Onbekend => "status onbekend (ongedateerd)".into(),
    }
}

/// A passage id as typed or pasted (`<ANB#Zorgplicht-1>`, `` `anb#zat-1` ``) in the form ids
/// have: `anb#zorgplicht-1`.
pub fn passage_id(typed: &str) -> String {
    typed
        .trim()
        .trim_matches(|c: char| {
            matches!(
                c,
                '<' | '>' | '`' | '"' | '\'' | '(' | ')' | '[' | ']' | '„' | '”'
            )
        })
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalize_handles_any_first_letter() {
        assert_eq!(capitalize("„31 februari”"), "„31 februari”");
        assert_eq!(capitalize("één"), "Één");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn region_names() {
        assert_eq!(region_name("amsterdam-diemen"), "Amsterdam-Diemen");
        assert_eq!(region_name("almere"), "Almere");
    }

    #[test]
    fn ids_are_normalized() {
        assert_eq!(passage_id("  <ANB#Zorgplicht-1> "), "anb#zorgplicht-1");
        assert_eq!(passage_id("`anb#zat-1`"), "anb#zat-1");
    }

    #[test]
    fn quotes_are_one_line() {
        assert_eq!(cited("a\nb", 3), "„a … b” [3]");
    }
}
