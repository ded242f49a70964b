//! What normwijzer knows of Dutch beyond the documents: the lemma of a word form (spaCy's
//! lookup table), how common a word is in Dutch (wordfreq), and whether it is a Dutch word at
//! all (the OpenTaal list). The tables live in `config/lexicon/` with their licences; this
//! module turns them into two compact maps ([`fst`]) that the index stores, so a question
//! never parses a table.
//!
//! Words are folded ([`crate::text::fold`]) on both sides, as everywhere else.

use fst::{Map, MapBuilder};

/// The table files, in `config/lexicon/`.
pub const LEMMAS: &str = "lemmas.tsv";
/// Word frequencies (Zipf scale) from wordfreq.
pub const FREQUENCIES: &str = "frequencies.tsv";
/// The OpenTaal word list.
pub const WORDLIST: &str = "opentaal.txt";
/// Words OpenTaal lists only with a capital: names.
pub const NAMES: &str = "names.txt";

/// The texts of the four tables.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tables<'a> {
    /// [`LEMMAS`].
    pub lemmas: &'a str,
    /// [`FREQUENCIES`].
    pub frequencies: &'a str,
    /// [`WORDLIST`].
    pub wordlist: &'a str,
    /// [`NAMES`].
    pub names: &'a str,
}

/// Lengths of the words [`Dictionary::meant`] looks at: shorter ones have too many neighbours,
/// and the lookups grow with the length.
pub const MEANT_LEN: std::ops::RangeInclusive<usize> = 5..=14;

/// Bit set in a word's value when OpenTaal lists it.
const IN_WORDLIST: u64 = 1 << 8;
/// Bit set when wordfreq knows it.
const IN_FREQUENCIES: u64 = 1 << 9;
/// Bit set when OpenTaal lists it with a capital.
const IN_NAMES: u64 = 1 << 10;
/// Bit set when OpenTaal lists it with a capital and not in lower case.
const ONLY_NAME: u64 = 1 << 11;
/// Bit set on a verb (an infinitive with conjugated forms in the lemma table) and on those forms.
const VERB: u64 = 1 << 12;

/// Lemmas, frequencies and the word list, as maps from folded words.
#[derive(Clone)]
pub struct Dictionary {
    /// Folded word → Zipf × 10 (low byte) plus the membership bits.
    words: Map<Vec<u8>>,
    /// Folded form → (offset << 8 | length) of its lemma in `lemma_text`.
    lemmas: Map<Vec<u8>>,
    /// The lemmas, concatenated.
    lemma_text: String,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words.len())
            .field("lemmas", &self.lemmas.len())
            .finish()
    }
}

impl Default for Dictionary {
    fn default() -> Self {
        Dictionary::from_rows(Vec::new(), Vec::new())
    }
}

impl Dictionary {
    /// Builds the dictionary from the texts of the tables of `config/lexicon/` (read by
    /// `config::load_dictionary`). An empty table leaves that part empty: normwijzer still
    /// answers, with less help for inflections and typos.
    pub fn from_tables(tables: &Tables<'_>) -> Dictionary {
        let Tables {
            lemmas,
            frequencies,
            wordlist,
            names,
        } = *tables;
        let mut words: Vec<(String, u64)> = Vec::new();
        for (w, rest) in rows(frequencies) {
            let zipf: f32 = rest.parse().unwrap_or(0.0);
            let tenths = (zipf * 10.0).round().clamp(0.0, 255.0) as u64;
            words.push((w, tenths | IN_FREQUENCIES));
        }
        for (w, _) in rows(wordlist) {
            words.push((w, IN_WORDLIST));
        }
        for (w, also_lower) in rows(names) {
            let only = if also_lower.trim() == "ook" {
                0
            } else {
                ONLY_NAME
            };
            words.push((w, IN_NAMES | only));
        }
        let lemma_rows: Vec<(String, String)> = rows(lemmas)
            .map(|(f, l)| (f, crate::text::fold(l.trim())))
            .filter(|(f, l)| !l.is_empty() && f != l)
            .collect();
        for (form, lemma) in &lemma_rows {
            if is_verb_form(form, lemma) {
                words.push((form.clone(), VERB));
                words.push((lemma.clone(), VERB));
            }
        }
        Dictionary::from_rows(words, lemma_rows)
    }

    /// Builds the maps from `(word, value)` and `(form, lemma)` rows in any order; a word
    /// listed twice keeps the union of its bits and the highest frequency.
    fn from_rows(mut words: Vec<(String, u64)>, mut lemmas: Vec<(String, String)>) -> Dictionary {
        words.sort();
        let mut merged: Vec<(String, u64)> = Vec::with_capacity(words.len());
        for (w, v) in words {
            match merged.last_mut() {
                Some((last, lv)) if *last == w => {
                    *lv = (*lv | v) & !0xff | (*lv & 0xff).max(v & 0xff);
                }
                _ => merged.push((w, v)),
            }
        }
        let mut b = MapBuilder::memory();
        for (w, v) in &merged {
            // Keys are sorted and unique, so insertion cannot fail.
            let _ = b.insert(w, *v);
        }
        let words = Map::new(b.into_inner().unwrap_or_default()).unwrap_or_default();
        lemmas.sort();
        lemmas.dedup_by(|a, b| a.0 == b.0);
        let mut text = String::new();
        let mut b = MapBuilder::memory();
        for (form, lemma) in &lemmas {
            let value = ((text.len() as u64) << 8) | (lemma.len().min(255) as u64);
            text.push_str(&lemma[..lemma.len().min(255)]);
            let _ = b.insert(form, value);
        }
        let lemmas = Map::new(b.into_inner().unwrap_or_default()).unwrap_or_default();
        Dictionary {
            words,
            lemmas,
            lemma_text: text,
        }
    }

    /// The three parts as bytes, to store next to an index.
    pub fn to_parts(&self) -> [Vec<u8>; 3] {
        [
            self.words.as_fst().as_bytes().to_vec(),
            self.lemmas.as_fst().as_bytes().to_vec(),
            self.lemma_text.as_bytes().to_vec(),
        ]
    }

    /// The dictionary from [`Dictionary::to_parts`]; `None` when a part is damaged.
    pub fn from_parts(words: Vec<u8>, lemmas: Vec<u8>, lemma_text: Vec<u8>) -> Option<Dictionary> {
        let d = Dictionary {
            words: Map::new(words).ok()?,
            lemmas: Map::new(lemmas).ok()?,
            lemma_text: String::from_utf8(lemma_text).ok()?,
        };
        // Every lemma reference must point inside the text, on character boundaries.
        let mut stream = d.lemmas.stream();
        while let Some((_, v)) = fst::Streamer::next(&mut stream) {
            let (start, len) = ((v >> 8) as usize, (v & 0xff) as usize);
            d.lemma_text.get(start..start + len)?;
        }
        Some(d)
    }

    /// How common a (folded) word is in Dutch, on the Zipf scale (1 rare … 7 very common);
    /// `None` when wordfreq does not know it.
    pub fn zipf(&self, word: &str) -> Option<f32> {
        let v = self.words.get(word)?;
        (v & IN_FREQUENCIES != 0).then(|| (v & 0xff) as f32 / 10.0)
    }

    /// Whether a (folded) word is a Dutch word: OpenTaal lists it or wordfreq knows it.
    pub fn is_word(&self, word: &str) -> bool {
        self.words
            .get(word)
            .is_some_and(|v| v & (IN_WORDLIST | IN_FREQUENCIES) != 0)
    }

    /// Whether OpenTaal, the spelling list, has a (folded) word: wordfreq also counts
    /// misspellings and other languages' words ("kontakt").
    pub fn is_spelled_right(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|v| v & IN_WORDLIST != 0)
    }

    /// Whether a (folded) word written with a capital is a name: OpenTaal lists it with one
    /// (`Bram`, `Lelystad`).
    pub fn is_name(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|v| v & IN_NAMES != 0)
    }

    /// Whether a (folded) word is a name however it is written: OpenTaal lists it with a
    /// capital only (`tim`, not `bram`, which is also a sail).
    pub fn is_only_name(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|v| v & ONLY_NAME != 0)
    }

    /// Whether a (folded) word is a verb or a form of one (`herschrijven`, `gehamerd`): the
    /// lemma table lists conjugated forms of it. A verb rarely names what a question is about.
    pub fn is_verb(&self, word: &str) -> bool {
        let verb = |w: &str| self.words.get(w).is_some_and(|v| v & VERB != 0);
        verb(word) || self.lemma(word).is_some_and(verb)
    }

    /// The lemma of a (folded) word form (`aangemeld` → `aanmelden`), when it differs.
    pub fn lemma(&self, form: &str) -> Option<&str> {
        let v = self.lemmas.get(form)?;
        let (start, len) = ((v >> 8) as usize, (v & 0xff) as usize);
        self.lemma_text.get(start..start + len)
    }

    /// The word OpenTaal lists that a (folded) word not in it most likely meant: the most
    /// frequent one within one edit (a letter dropped, added, changed, or two swapped), the
    /// first letter kept ("mischien" → "misschien"). With its Zipf frequency, and the number
    /// of lookups made (the caller counts them as work). Only for words of [`MEANT_LEN`]
    /// letters.
    pub fn meant(&self, word: &str) -> (Option<(String, f32)>, u64) {
        let chars: Vec<char> = word.chars().collect();
        if !MEANT_LEN.contains(&chars.len()) || self.is_spelled_right(word) {
            return (None, 0);
        }
        let mut best: Option<(String, f32)> = None;
        let mut tried = 0u64;
        let mut consider = |cand: Vec<char>| {
            tried += 1;
            let cand: String = cand.into_iter().collect();
            if !self.is_spelled_right(&cand) {
                return;
            }
            let z = self.zipf(&cand).unwrap_or(0.0);
            if best
                .as_ref()
                .is_none_or(|(w, bz)| z > *bz || (z == *bz && cand < *w))
            {
                best = Some((cand, z));
            }
        };
        for i in 1..=chars.len() {
            if i < chars.len() {
                let mut v = chars.clone();
                v.remove(i);
                consider(v);
            }
            if i + 1 < chars.len() {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                consider(v);
            }
            for c in 'a'..='z' {
                if i < chars.len() && chars[i] != c {
                    let mut v = chars.clone();
                    v[i] = c;
                    consider(v);
                }
                let mut v = chars.clone();
                v.insert(i, c);
                consider(v);
            }
        }
        (best, tried)
    }

    /// Whether the dictionary has no words at all (its tables were missing).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.lemmas.is_empty()
    }
}

/// The rows of a table: `word` or `word<TAB>value`, comment lines (`#`) skipped, the word
/// folded.
/// Whether `form` of `lemma` is a conjugated verb form: the lemma is an infinitive (`-en`) and
/// the form ends as a present or past tense or a past participle does (`-t`, `-d`, `-de`,
/// `-te`), which the plural of a noun (`-en`, `-s`) never does.
fn is_verb_form(form: &str, lemma: &str) -> bool {
    lemma.ends_with("en")
        && lemma.chars().count() > 3
        && ["t", "d", "de", "te"].iter().any(|e| form.ends_with(e))
}

fn rows(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (w, rest) = l.split_once('\t').unwrap_or((l, ""));
            let w = crate::text::fold(w.trim());
            (!w.is_empty()).then_some((w, rest))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Dictionary {
        Dictionary::from_rows(
            vec![
                ("leerling".into(), 48 | IN_FREQUENCIES),
                ("leerling".into(), IN_WORDLIST),
                ("zorgplicht".into(), IN_WORDLIST),
            ],
            vec![
                ("geevalueerd".into(), "evalueren".into()),
                ("aangemeld".into(), "aanmelden".into()),
            ],
        )
    }

    #[test]
    fn lookups() {
        let d = small();
        assert_eq!(d.zipf("leerling"), Some(4.8));
        assert_eq!(d.zipf("zorgplicht"), None);
        assert!(d.is_word("zorgplicht") && d.is_word("leerling"));
        assert!(!d.is_word("ondersteunig"));
        assert_eq!(d.lemma("aangemeld"), Some("aanmelden"));
        assert_eq!(d.lemma("geevalueerd"), Some("evalueren"));
        assert_eq!(d.lemma("leerling"), None);
    }

    #[test]
    fn a_mistyped_word_meets_the_listed_word_it_meant() {
        let d = small();
        let meant = |w: &str| d.meant(w).0;
        assert_eq!(meant("leerlng"), Some(("leerling".into(), 4.8)));
        assert_eq!(meant("lerling"), Some(("leerling".into(), 4.8)));
        assert_eq!(
            meant("zorgplihct").map(|(w, _)| w),
            Some("zorgplicht".into())
        );
        // A listed word, a changed first letter, a short word: nothing.
        assert_eq!(meant("leerling"), None);
        assert_eq!(meant("meerling"), None);
        assert_eq!(d.meant("leer"), (None, 0));
    }

    #[test]
    fn parts_round_trip_and_damage_is_refused() {
        let d = small();
        let [w, l, t] = d.to_parts();
        let back = Dictionary::from_parts(w.clone(), l.clone(), t.clone()).expect("parts");
        assert_eq!(back.lemma("aangemeld"), Some("aanmelden"));
        assert!(Dictionary::from_parts(w[..w.len() / 2].to_vec(), l.clone(), t.clone()).is_none());
        assert!(Dictionary::from_parts(w, l, t[..3].to_vec()).is_none());
    }

    #[test]
    fn the_shipped_tables_know_inflections() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/lexicon");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("table");
        let (lemmas, frequencies, wordlist, names) =
            (read(LEMMAS), read(FREQUENCIES), read(WORDLIST), read(NAMES));
        let d = Dictionary::from_tables(&Tables {
            lemmas: &lemmas,
            frequencies: &frequencies,
            wordlist: &wordlist,
            names: &names,
        });
        assert_eq!(d.lemma("gepest"), Some("pesten"));
        assert_eq!(d.lemma("geevalueerd"), Some("evalueren"));
        assert_eq!(d.lemma("aangemeld"), Some("aanmelden"));
        assert!(d.is_word("leerling") && !d.is_word("ondersteunig"));
        assert!(d.zipf("de").unwrap_or(0.0) > d.zipf("zorgplicht").unwrap_or(0.0));
        for verb in [
            "herschrijven",
            "opschrijven",
            "gehamerd",
            "aangesproken",
            "doorsturen",
        ] {
            assert!(d.is_verb(verb), "{verb}");
        }
        for noun in ["bruiloft", "taxi", "schoolreis", "examen", "leerlingen"] {
            assert!(!d.is_verb(noun), "{noun}");
        }
    }
}
