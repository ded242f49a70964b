//! Scrubbing a question before its text may be stored (only with `store_questions = true`):
//! personal details are replaced by placeholders.
//!
//! - `[e-mail]`: e-mail addresses;
//! - `[telefoon]`: Dutch phone numbers (`06-12345678`, `0612345678`, `+31 6 12345678`,
//!   `0031 6 …`, `036-1234567`, `020 123 45 67`);
//! - `[BSN]`: nine-digit numbers (also written `1234.56.782` or `123 456 782`) that pass the
//!   11-proof (elfproef) of the burgerservicenummer; other nine-digit numbers stay;
//! - `[datum]`: dates written with digits (`12-03-2015`, `3 mei 2014`, `2014-05-03`), read by
//!   [`crate::text::datum`], also dates that do not exist; relative days (`morgen`) stay;
//! - `[naam]`: a capitalised first name (and surname) next to a pupil word: `leerling Jan`,
//!   `mijn leerling Sara`, `zoon Daan de Vries`, `Lisa, mijn leerling`.
//!
//! The order matters: e-mail addresses first (they may hold digits), then phone numbers (ten
//! digits), then BSNs (nine), then dates, then names.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::{Captures, Regex};

use crate::text::datum;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+").expect("valid regex")
});

/// Dutch phone numbers: international (`+31`, `0031`, with an optional `(0)`) or national (a
/// zero and nine digits), digits grouped with spaces, dashes or dots.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:\+|\b00)31[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?[0-9]){8}\b
      | \b0[1-9](?:[\s.-]?[0-9]){8}\b
    ",
    )
    .expect("valid regex")
});

/// A candidate BSN: nine digits, plain or grouped 4.2.3 / 3 3 3.
static NINE_DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3})\b")
        .expect("valid regex")
});

/// Words for a pupil or a child; a capitalised word after one (or before one, with a comma)
/// is taken for a name.
const PUPIL_WORDS: &str = r"leerlinge?n?|leerlingetje|kind(?:je)?|zoon(?:tje)?|dochter(?:tje)?|jongen(?:tje)?|meisje|broer(?:tje)?|zus(?:je)?|student(?:e)?|scholier|kleuter(?:tje)?|peuter(?:tje)?|pupil|pleegkind|neef(?:je)?|nicht(?:je)?";

/// A name: a capitalised word, optionally followed by tussenvoegsels and a capitalised
/// surname (`Jan`, `Sara-Lynn`, `Daan de Vries`, `Mo van den Berg`).
const NAME: &str = r"\p{Lu}\p{Ll}+(?:[-']\p{Lu}?\p{Ll}+)?(?:\s+(?:(?:van|de|der|den|ter|ten|te|het|'t|el|al|bin)\s+)*\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)?";

/// `leerling Jan`, `zoon: Daan`: the pupil word kept, the name replaced.
static NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<word>\b(?i:{PUPIL_WORDS}))(?P<sep>[,:]?\s+)(?P<name>{NAME})"
    ))
    .expect("valid regex")
});

/// `Lisa, mijn leerling` / `Lisa (leerling groep 5)`: the name before the pupil word.
static NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<name>{NAME})(?P<rest>\s*[,(]\s*(?i:(?:mijn|onze|ons|de|het|een|die|deze)\s+)?(?:{PUPIL_WORDS})\b)"
    ))
    .expect("valid regex")
});

/// Capitalised words that are never names even after a pupil word (`leerling Groep 5`).
const NOT_NAMES: [&str; 12] = [
    "Groep", "Klas", "Het", "De", "Een", "Die", "Deze", "Dat", "Wat", "Wanneer", "Hoe", "Moet",
];

/// The question with personal details replaced by placeholders. `today` anchors dates
/// without a year.
pub fn scrub(text: &str, today: Date) -> String {
    let text = EMAIL.replace_all(text, "[e-mail]");
    let text = PHONE.replace_all(&text, "[telefoon]");
    let text = NINE_DIGITS.replace_all(&text, |c: &Captures<'_>| {
        if elfproef(&c[0]) {
            "[BSN]".to_string()
        } else {
            c[0].to_string()
        }
    });
    let text = dates(&text, today);
    let text = NAME_AFTER.replace_all(&text, |c: &Captures<'_>| {
        let name = &c["name"];
        if is_not_a_name(name) {
            c[0].to_string()
        } else {
            format!("{}{}[naam]", &c["word"], &c["sep"])
        }
    });
    let text = NAME_BEFORE.replace_all(&text, |c: &Captures<'_>| {
        let name = &c["name"];
        if is_not_a_name(name) {
            c[0].to_string()
        } else {
            format!("[naam]{}", &c["rest"])
        }
    });
    text.into_owned()
}

fn is_not_a_name(name: &str) -> bool {
    let first = name
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    NOT_NAMES.contains(&first)
}

/// Whether nine digits (dots and spaces ignored) pass the 11-proof of a BSN:
/// 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not zero).
pub fn elfproef(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let weight = if i == 8 { -1 } else { 9 - i as i64 };
            weight * i64::from(*d)
        })
        .sum();
    sum != 0 && sum % 11 == 0
}

/// Dates written with digits replaced by `[datum]`, also those that do not exist. Relative
/// days (`morgen`, `vorige week maandag`) carry nothing personal and stay.
fn dates(text: &str, today: Date) -> String {
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for found in datum::find(text, today) {
        match found {
            Ok(f) => {
                if f.text.chars().any(|c| c.is_ascii_digit()) {
                    spans.push(f.span);
                }
            }
            Err(e) => {
                let written = e.text();
                if written.chars().any(|c| c.is_ascii_digit())
                    && let Some(at) = text.find(written)
                {
                    spans.push(at..at + written.len());
                }
            }
        }
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for s in spans {
        if s.start < last || s.end > text.len() {
            continue;
        }
        let (Some(before), true) = (text.get(last..s.start), text.is_char_boundary(s.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str("[datum]");
        last = s.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        scrub(text, jiff::civil::date(2026, 3, 2))
    }

    #[test]
    fn the_11_proof() {
        assert!(elfproef("111222333"));
        assert!(elfproef("123456782"));
        assert!(elfproef("1234.56.782"));
        assert!(!elfproef("123456789"));
        assert!(!elfproef("000000000"), "all zeros is no BSN");
        assert!(!elfproef("12345678"));
    }

    #[test]
    fn bsns_that_pass_are_replaced_and_others_stay() {
        assert_eq!(
            s("BSN 111222333 van de leerling"),
            "BSN [BSN] van de leerling"
        );
        assert_eq!(s("nummer 1234.56.782"), "nummer [BSN]");
        assert_eq!(s("nummer 123 456 782"), "nummer [BSN]");
        // Nine digits failing the 11-proof: an order or file number, kept.
        assert_eq!(s("dossier 123456789"), "dossier 123456789");
        // Ten digits are not a BSN (nor a phone number without the leading zero).
        assert_eq!(s("kenmerk 1234567890"), "kenmerk 1234567890");
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            s("mail j.de.vries+school@basisschool-almere.nl of ouder@example.com"),
            "mail [e-mail] of [e-mail]"
        );
        assert_eq!(s("geen @ adres"), "geen @ adres");
    }

    #[test]
    fn dutch_phone_numbers() {
        for phone in [
            "06-12345678",
            "0612345678",
            "06 12345678",
            "06 1234 5678",
            "+31 6 12345678",
            "+31612345678",
            "+31 (0)6 12345678",
            "0031 6 12345678",
            "036-1234567",
            "036 123 45 67",
            "020-1234567",
        ] {
            assert_eq!(
                s(&format!("bel {phone} graag")),
                "bel [telefoon] graag",
                "{phone}"
            );
        }
        // Too short or no leading zero: not a phone number.
        assert_eq!(s("groep 5 en 36 leerlingen"), "groep 5 en 36 leerlingen");
        assert_eq!(s("06-1234"), "06-1234");
    }

    #[test]
    fn dates_with_digits_are_replaced() {
        assert_eq!(
            s("geboren op 12-03-2015, OPP nodig?"),
            "geboren op [datum], OPP nodig?"
        );
        assert_eq!(s("geboren 3 mei 2014"), "geboren [datum]");
        assert_eq!(s("geboortedatum 2014-05-03"), "geboortedatum [datum]");
        assert_eq!(
            s("geboren 31-02-2015"),
            "geboren [datum]",
            "impossible dates too"
        );
        // Relative days are not personal.
        assert_eq!(s("melding van gisteren"), "melding van gisteren");
    }

    #[test]
    fn names_next_to_pupil_words() {
        assert_eq!(
            s("leerling Jan heeft dyslexie"),
            "leerling [naam] heeft dyslexie"
        );
        assert_eq!(
            s("mijn leerling Sara mag niet meer komen"),
            "mijn leerling [naam] mag niet meer komen"
        );
        assert_eq!(
            s("onze leerling Mo is geschorst"),
            "onze leerling [naam] is geschorst"
        );
        assert_eq!(s("mijn zoon Daan de Vries"), "mijn zoon [naam]");
        assert_eq!(s("dochter Lisa-Marie"), "dochter [naam]");
        assert_eq!(s("Leerling Ahmed, groep 6"), "Leerling [naam], groep 6");
        assert_eq!(
            s("Lisa, mijn leerling, huilt"),
            "[naam], mijn leerling, huilt"
        );
        assert_eq!(s("Noah (leerling groep 5)"), "[naam] (leerling groep 5)");
        // Not names: lower case, abbreviations, school words.
        assert_eq!(s("leerling heeft een OPP"), "leerling heeft een OPP");
        assert_eq!(s("leerling OPP"), "leerling OPP");
        assert_eq!(s("leerling Groep 5"), "leerling Groep 5");
        assert_eq!(s("Wanneer moet een OPP?"), "Wanneer moet een OPP?");
    }

    #[test]
    fn everything_at_once() {
        let q = "Mijn leerling Sara (BSN 111222333, moeder sara@example.com, 06-12345678, geboren 4-5-2016) krijgt geen OPP, mag dat?";
        let out = s(q);
        assert_eq!(
            out,
            "Mijn leerling [naam] (BSN [BSN], moeder [e-mail], [telefoon], geboren [datum]) krijgt geen OPP, mag dat?"
        );
        for secret in ["Sara", "111222333", "sara@", "12345678", "2016"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
    }

    #[test]
    fn odd_text_never_panics() {
        for q in [
            "",
            "@",
            "é@é.é",
            "leerling ",
            "0",
            "\u{0}leerling Ä",
            "31-02-",
            "ß 06-",
        ] {
            let _ = s(q);
        }
    }
}
