//! Messages that are no question about the documents: a greeting, thanks, a reaction ("hoi",
//! "bedankt!", "top"), or a question in English. They get a short, friendly reply in Dutch
//! instead of "Ik vind hierover niets".
//!
//! Pure text work on the folded words of a message; linear in its length.

use crate::text::words;

/// What kind of message it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    /// "hoi", "goedemorgen", "hallo allemaal".
    Greeting,
    /// "bedankt!", "dankjewel", "top, thanks".
    Thanks,
    /// A question written in English.
    English,
}

/// Greeting words (folded); a message of only these and [`SOCIAL`] is a greeting.
const GREETINGS: &[&str] = &[
    "hoi",
    "hallo",
    "hey",
    "hee",
    "hi",
    "hello",
    "hoihoi",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "morgen",
    "middag",
    "avond",
    "dag",
    "daag",
    "yo",
    "welkom",
];

/// Words of thanks and approval.
const THANKS: &[&str] = &[
    "bedankt",
    "dank",
    "dankje",
    "dankjewel",
    "dankuwel",
    "thanks",
    "thx",
    "tnx",
    "merci",
    "top",
    "super",
    "fijn",
    "mooi",
    "prima",
    "oke",
    "ok",
    "okay",
    "oké",
    "helder",
    "duidelijk",
    "cool",
    "perfect",
    "gelukt",
    "chill",
    "nice",
];

/// Words that may come with a greeting or thanks without making it a question.
const SOCIAL: &[&str] = &[
    "allemaal",
    "iedereen",
    "daar",
    "jij",
    "je",
    "jullie",
    "u",
    "wel",
    "heel",
    "erg",
    "zeer",
    "hartelijk",
    "veel",
    "voor",
    "de",
    "het",
    "hulp",
    "info",
    "antwoord",
    "normwijzer",
    "bot",
    "weer",
    "nog",
    "even",
    "hoor",
    "is",
    "was",
    "dat",
    "nou",
    "ja",
    "nee",
    "you",
    "so",
    "much",
    "wel",
    "beste",
    "lieve",
    "collega",
    "collegas",
];

/// English words that Dutch does not use; two of them in a short message make it English.
const ENGLISH: &[&str] = &[
    "the", "what", "when", "how", "who", "which", "why", "where", "does", "do", "should", "must",
    "can", "could", "would", "is", "are", "my", "your", "with", "about", "this", "that", "have",
    "has", "need", "student", "students", "pupil", "pupils", "teacher", "teachers", "support",
    "plan", "school", "to", "for", "and", "of", "a", "an", "it", "there", "any", "rules",
    "deadline", "days", "weeks",
];

/// Of the [`ENGLISH`] words, those that are not Dutch words as well.
const ONLY_ENGLISH: &[&str] = &[
    "the", "what", "when", "how", "who", "which", "why", "where", "does", "should", "must",
    "could", "would", "are", "my", "your", "with", "about", "this", "that", "have", "has", "need",
    "student", "students", "pupil", "pupils", "teacher", "teachers", "support", "to", "for", "and",
    "of", "it", "there", "any", "rules", "days", "weeks",
];

/// Reads a message: `None` for anything that may be a question about the documents.
pub fn classify(message: &str) -> Option<SmallTalk> {
    let words: Vec<String> = words(message).map(|(_, w)| w).take(64).collect();
    if words.is_empty() || words.len() >= 64 {
        return None;
    }
    let is = |list: &[&str], w: &str| list.contains(&w);
    let social = words
        .iter()
        .all(|w| is(GREETINGS, w) || is(THANKS, w) || is(SOCIAL, w));
    if social && words.len() <= 8 {
        if words.iter().any(|w| is(THANKS, w)) {
            return Some(SmallTalk::Thanks);
        }
        if words.iter().any(|w| is(GREETINGS, w)) {
            return Some(SmallTalk::Greeting);
        }
    }
    let english = words.iter().filter(|w| is(ENGLISH, w)).count();
    let only_english = words.iter().filter(|w| is(ONLY_ENGLISH, w)).count();
    if only_english >= 2 && english * 2 >= words.len() {
        return Some(SmallTalk::English);
    }
    None
}

/// The Dutch reply to small talk.
pub fn reply(kind: SmallTalk) -> &'static str {
    match kind {
        SmallTalk::Greeting => {
            "Hoi! Ik ben normwijzer. Ik zoek het antwoord op je vraag over passend onderwijs in Almere op in de normdocumenten (de ANB, de themakaarten en het ondersteuningsplan) en citeer ze letterlijk, met de bron erbij. Vraag bijvoorbeeld: „wanneer moet een OPP?” of „wat is een ZAT?”"
        }
        SmallTalk::Thanks => {
            "Graag gedaan! Heb je nog een vraag over passend onderwijs, stel hem gerust, bijvoorbeeld: „hoe lang heeft de school na een aanmelding?”"
        }
        SmallTalk::English => {
            "Ik begrijp alleen vragen in het Nederlands, omdat de documenten Nederlands zijn. Stel je vraag in het Nederlands, bijvoorbeeld: „wanneer moet een OPP?”"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_and_thanks() {
        for m in ["hoi", "Goedemorgen!", "hallo allemaal", "hoi normwijzer"] {
            assert_eq!(classify(m), Some(SmallTalk::Greeting), "{m}");
        }
        for m in [
            "bedankt!",
            "top",
            "dankjewel, heel fijn",
            "oké thanks",
            "Top, dank je",
        ] {
            assert_eq!(classify(m), Some(SmallTalk::Thanks), "{m}");
        }
    }

    #[test]
    fn questions_are_no_small_talk() {
        for m in [
            "wanneer moet een OPP?",
            "hoi, wat is een ZAT?",
            "bedankt, en wie betaalt dat?",
            "OPP verplicht niveau 3?",
            "zorgplicht hoelang?",
            "is het plan klaar voor de school?",
        ] {
            assert_eq!(classify(m), None, "{m}");
        }
    }

    #[test]
    fn english_questions() {
        for m in [
            "When does the school need a support plan?",
            "what is the deadline for a new student",
            "How long does the school have after registration?",
        ] {
            assert_eq!(classify(m), Some(SmallTalk::English), "{m}");
        }
        assert_eq!(classify("wat is de deadline voor een OPP?"), None);
    }
}
