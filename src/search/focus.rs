//! What a chat message asks. Staff tell the situation first and ask last ("mijn leerling van 9
//! loopt vast en de juf ook, wanneer schakel ik het ZAT in?"), or ask two things at once
//! ("… en wie moet ik erbij betrekken?"). This module cuts a message into clauses and says
//! which are questions, so the planner can weigh the question's words above the story's.
//!
//! Pure text work: no index, no lexicon. It never fails and its cost is linear in the message.

use std::ops::Range;

/// Question words: a clause that starts with one asks something, whatever its punctuation.
const QUESTION_WORDS: &[&str] = &[
    "wat", "wie", "wanneer", "wnnr", "hoe", "hoelang", "hoeveel", "hoevaak", "waar", "waarom",
    "waarvoor", "waarover", "welke", "welk", "wiens",
];

/// Finite verbs that open a yes/no question ("moet de IB'er dat doen?", "geldt dat ook voor
/// vo?") — and also a statement's second half ("… en is gisteren aangemeld."), so a clause
/// they open asks only when its sentence does not end as a statement.
const VERB_OPENERS: &[&str] = &[
    "moet", "moeten", "moest", "mag", "mogen", "kan", "kun", "kunnen", "kunt", "is", "zijn", "ben",
    "geldt", "gelden", "heeft", "hebben", "hebt", "wordt", "worden", "klopt", "valt", "vallen",
    "telt", "tellen", "doe", "doet", "doen", "bestaat", "staat", "hoort", "horen", "hoef", "hoeft",
    "hoeven", "krijgt", "krijgen", "zit", "zitten", "gaat", "gaan", "komt", "zou", "zouden",
    "betekent", "houdt", "wil", "willen", "zal", "zullen", "bedoelen", "bedoel",
];

/// Short words a full stop follows without ending the sentence (`o.a.`, `gr.`, `bv.`).
const ABBREVIATIONS: &[&str] = &[
    "gr", "nr", "bv", "bijv", "evt", "ca", "resp", "mevr", "dhr", "mr", "dr", "ivm", "nav", "mbt",
    "tav", "vs", "etc", "incl", "excl", "max", "min", "jr", "art", "lid", "blz", "zgn",
];

/// A piece of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Byte range in the message.
    pub range: Range<usize>,
    /// Whether it asks something (a question mark, or a question word or verb first).
    pub question: bool,
    /// Which sentence of the message it belongs to, counted from 0.
    pub sentence: usize,
}

/// How much the words of a clause count: the question in full, the story told around it a
/// little.
pub fn weight(clause: &Clause) -> f32 {
    if clause.question { 1.0 } else { SITUATION }
}

/// The weight of the words that tell the situation around a question.
pub const SITUATION: f32 = 0.35;

/// The clauses of a message: sentences, and within a sentence the parts after a comma or
/// "en"/"of" that start like a question. Empty pieces are left out.
pub fn clauses(message: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    for (number, sentence) in sentences(message).into_iter().enumerate() {
        let text = &message[sentence.clone()];
        let ends_with_question_mark = text.trim_end().ends_with('?');
        let statement = text.trim_end().ends_with(['.', '!']);
        let parts = split_before_questions(text);
        let n = parts.len();
        for (i, p) in parts.into_iter().enumerate() {
            let range = sentence.start + p.start..sentence.start + p.end;
            let piece = &message[range.clone()];
            if !piece.chars().any(char::is_alphanumeric) {
                continue;
            }
            // A question mark marks the last part of its sentence; earlier parts ask only if
            // they start like a question themselves.
            let question = match opener(piece) {
                Some(Opener::QuestionWord) => true,
                Some(Opener::Verb) => !statement,
                None => ends_with_question_mark && i + 1 == n,
            };
            out.push(Clause {
                range,
                question,
                sentence: number,
            });
        }
    }
    // Without a recognisable question, the last piece is what is asked ("Lars leest slecht.
    // wie kan ik inschakelen").
    if !out.iter().any(|c| c.question)
        && let Some(last) = out.last_mut()
    {
        last.question = true;
    }
    out
}

/// Sentences: ends at `?`, `!`, `.` followed by a space, or a line break.
fn sentences(message: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = message.as_bytes();
    for (i, c) in message.char_indices() {
        let end = i + c.len_utf8();
        let boundary = match c {
            '?' | '!' | '\n' => true,
            // "2.3", "o.a." and "gr. 5" are not sentence ends; chat Dutch often goes on
            // without a capital, so a full stop before a space ends one otherwise.
            '.' => {
                let next = bytes.get(end).copied();
                // A closing quote or bracket before it ("… 'iets voor de inspectie'.",
                // "… (groep 5).") ends the sentence as the word inside would.
                let before = message[..i]
                    .trim_end_matches(['\'', '"', '’', '”', ')', ']', '»'])
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                // One letter is an initial ("J. de Vries"); a number ends a sentence ("… in
                // groep 5. Wat nu?").
                let abbreviation = (before.chars().count() <= 1
                    && !before.chars().all(|c| c.is_ascii_digit()))
                    || ABBREVIATIONS.contains(&before.to_lowercase().as_str());
                match next {
                    None => true,
                    Some(b' ' | b'\n' | b'\t') => !abbreviation,
                    _ => false,
                }
            }
            _ => false,
        };
        if boundary {
            out.push(start..end);
            start = end;
        }
    }
    if start < message.len() {
        out.push(start..message.len());
    }
    out
}

/// Splits a sentence before a mark (`,`, `;`, `:`, a bracket, a dash, an emoji) or an
/// `en`/`of`/`maar` that is followed by a question opener: "…loopt vast, wanneer schakel
/// ik…" → two parts.
fn split_before_questions(text: &str) -> Vec<Range<usize>> {
    let words = word_spans(text);
    let mut cuts = vec![0];
    for (k, w) in words.iter().enumerate().skip(1) {
        let word = &text[w.clone()];
        let prev_end = words[k - 1].end;
        let between = &text[prev_end..w.start];
        // Any mark between clauses: a comma, a bracket, a dash, an ellipsis, an emoji
        // ("hij loopt vast 😕 wanneer …"); not a hyphen or slash inside a word, nor quotes.
        let joins = between
            .chars()
            .any(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '„'))
            && !matches!(between, "-" | "/");
        let conj = matches!(
            text[words[k - 1].clone()].to_lowercase().as_str(),
            "en" | "of" | "maar"
        );
        if is_opener(word) && k + 1 < words.len() && (joins || conj) {
            // Cut before the conjunction, so "en" goes with the question it opens.
            let at = if conj { words[k - 1].start } else { w.start };
            if at > *cuts.last().unwrap_or(&0) {
                cuts.push(at);
            }
        }
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// How a clause opens.
enum Opener {
    /// `wat`, `wie`, `wanneer`, …
    QuestionWord,
    /// `moet`, `mag`, `geldt`, …
    Verb,
}

/// How a piece opens (after "en", "of", "maar", "dus").
fn opener(piece: &str) -> Option<Opener> {
    let words: Vec<String> = word_spans(piece)
        .into_iter()
        .map(|r| piece[r].to_lowercase())
        .take(2)
        .collect();
    let first = match words.as_slice() {
        [w, second, ..] if matches!(w.as_str(), "en" | "of" | "maar" | "dus") => second,
        [w, ..] => w,
        [] => return None,
    };
    if QUESTION_WORDS.contains(&first.as_str()) {
        Some(Opener::QuestionWord)
    } else if VERB_OPENERS.contains(&first.as_str()) {
        Some(Opener::Verb)
    } else {
        None
    }
}

fn is_opener(word: &str) -> bool {
    let w = word.to_lowercase();
    QUESTION_WORDS.contains(&w.as_str()) || VERB_OPENERS.contains(&w.as_str())
}

/// Byte ranges of the words (runs of letters, digits and apostrophes) of a text.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '\'' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(message: &str) -> Vec<(String, bool)> {
        clauses(message)
            .into_iter()
            .map(|c| (message[c.range].trim().to_string(), c.question))
            .collect()
    }

    #[test]
    fn the_story_comes_first_the_question_last() {
        assert_eq!(
            shown(
                "mijn leerling van 9 (adhd) loopt vast en de juf ook, wanneer schakel ik het ZAT in?"
            ),
            [
                (
                    "mijn leerling van 9 (adhd) loopt vast en de juf ook,".into(),
                    false
                ),
                ("wanneer schakel ik het ZAT in?".into(), true)
            ]
        );
        assert_eq!(
            shown("Sem is gisteren aangemeld. Hoe lang mogen we erover doen?"),
            [
                ("Sem is gisteren aangemeld.".into(), false),
                ("Hoe lang mogen we erover doen?".into(), true)
            ]
        );
    }

    #[test]
    fn a_sentence_may_end_in_a_quote_or_bracket() {
        assert_eq!(
            shown("Zij vindt het 'iets voor de inspectie'. Hoe hoort het te gaan?"),
            [
                ("Zij vindt het 'iets voor de inspectie'.".into(), false),
                ("Hoe hoort het te gaan?".into(), true)
            ]
        );
        assert_eq!(shown("Het gaat om Finn (groep 5). Wat nu?").len(), 2);
        assert_eq!(shown("Hij zit in groep 5. Wat nu?").len(), 2);
        // An initial is no sentence end.
        assert_eq!(shown("Heeft J. de Vries dat gezegd?").len(), 1);
    }

    #[test]
    fn any_mark_before_a_question_opener_ends_the_story() {
        for m in [
            "hij loopt vast 😕 wanneer schakel ik het zat in?",
            "hij loopt vast… wanneer schakel ik het zat in?",
            "hij loopt vast - wanneer schakel ik het zat in?",
            "hij loopt vast (sinds de kerst) wanneer schakel ik het zat in?",
        ] {
            let c = shown(m);
            assert_eq!(c.len(), 2, "{m}: {c:?}");
            assert!(!c[0].1 && c[1].1, "{m}: {c:?}");
        }
        // A hyphen inside a word is no mark: "hgw-wie" is one piece.
        assert_eq!(shown("wat doet het hgw-traject?").len(), 1);
    }

    #[test]
    fn two_questions_in_one_message() {
        assert_eq!(
            shown("wanneer haal ik de ib erbij? en moet ik de ouders daar ook al over bellen"),
            [
                ("wanneer haal ik de ib erbij?".into(), true),
                ("en moet ik de ouders daar ook al over bellen".into(), true)
            ]
        );
        let c = shown("wat is een OPP en wie stelt het op?");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c.iter().all(|(_, q)| *q), "{c:?}");
    }

    #[test]
    fn fragments_and_plain_questions_are_one_clause() {
        assert_eq!(
            shown("zorgplicht hoelang"),
            [("zorgplicht hoelang".into(), true)]
        );
        assert_eq!(
            shown("OPP verplicht niveau 3?"),
            [("OPP verplicht niveau 3?".into(), true)]
        );
        let one = clauses("basisondersteuning betekenis");
        assert_eq!(weight(&one[0]), 1.0);
    }

    #[test]
    fn a_message_without_question_mark_asks_in_its_last_sentence() {
        let c = shown("Lars is 8 en leest slecht.\nwie kan ik daarvoor inschakelen");
        assert_eq!(c.last().map(|x| x.1), Some(true), "{c:?}");
        assert!(!c[0].1, "{c:?}");
    }

    #[test]
    fn numbers_and_abbreviations_do_not_end_sentences() {
        assert_eq!(shown("wat staat er in 3.2 over o.a. de zelfscan?").len(), 1);
    }

    #[test]
    fn odd_input_is_harmless() {
        for m in [
            "",
            "???",
            "…",
            "a".repeat(10_000).as_str(),
            "?,?,?",
            "en wat",
        ] {
            let _ = clauses(m);
        }
    }
}
