//! Dutch words and dates, shared by every layer: the one folding of words for index and
//! questions ([`fold`], [`words`]), month and weekday names and date wording ([`dutch`]), dates
//! in free text ([`datum`]), a computed term in words ([`termijn`]), and the small wording
//! helpers below (region names, quotes, capitals, statuses, passage ids).

pub mod datum;
pub mod dutch;
pub mod lexicon;
pub mod smalltalk;
pub mod termijn;

use unicode_normalization::UnicodeNormalization;

/// Lowercases and strips diacritics, the same way for index terms, corpus vocabulary and
/// questions: `Geëvalueerd` → `geevalueerd`, `Straße` → `strasse`, `Ærø` → `aero`,
/// `ﬁnanciering` → `financiering`, `onderzoek¹` → `onderzoek1`.
///
/// Compatibility decomposition (NFKD) takes care of ligatures (`ﬁ`, `ﬂ`, `ĳ`), superscripts and
/// full-width letters; combining marks are dropped; the Latin letters that do not decompose
/// (`ß`, `æ`, `ø`, `œ`, `ł`, `đ`, ...) are spelled as people type them without the key.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        match spelled_out(c) {
            Some(letters) => out.push_str(letters),
            None => out.push(c),
        }
    }
    out
}

/// Lowercase letters without a decomposition, as written on a keyboard that lacks them.
fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'ø' => "o",
        'œ' => "oe",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// Words as a reader sees them: runs of letters and digits (the same split as the index's
/// tokenizer), each with its byte offset and [`fold`]ed.
pub fn words(s: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((st, fold(&s[st..i])));
        }
    }
    if let Some(st) = start {
        out.push((st, fold(&s[st..])));
    }
    out.into_iter()
}

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
        Status::NogNietGepubliceerd { from } => {
            format!(
                "nog niet gepubliceerd (gepubliceerd op {})",
                dutch::date(*from)
            )
        }
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

    #[test]
    fn diacritics_go() {
        assert_eq!(fold("Geëvalueerd"), "geevalueerd");
        assert_eq!(fold("coördineert"), "coordineert");
        assert_eq!(fold("geévalueerd"), "geevalueerd");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn letters_without_a_decomposition_are_spelled_out() {
        for (typed, plain) in [
            ("Straße", "strasse"),
            ("STRAẞE", "strasse"),
            ("Ærø", "aero"),
            ("Œuvre", "oeuvre"),
            ("Łódź", "lodz"),
            ("Đakovo", "dakovo"),
            ("ﬁnanciering", "financiering"),
            ("ﬂexibel", "flexibel"),
            ("Ĳsselmeer", "ijsselmeer"),
            ("onderzoek¹", "onderzoek1"),
            ("Ｐｏ", "po"),
        ] {
            assert_eq!(fold(typed), plain, "{typed}");
            assert_eq!(fold(typed), fold(plain), "{typed}");
        }
    }

    #[test]
    fn words_split_on_everything_but_letters_and_digits() {
        let w: Vec<(usize, String)> = words("IB'er: Straße-3, ok").collect();
        let expect = [(0, "ib"), (3, "er"), (7, "strasse"), (15, "3"), (18, "ok")];
        assert_eq!(w.len(), expect.len(), "{w:?}");
        for ((i, s), (j, t)) in w.iter().zip(expect) {
            assert_eq!((*i, s.as_str()), (j, t));
        }
    }
}
