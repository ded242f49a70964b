//! Typo repair for question words: which known word a mistyped one most likely meant.
//!
//! Without a Dutch dictionary, the corpus vocabulary is the list of known words, so the index
//! also has to tell a typo ("zorgplciht") from a real word the corpus happens to lack
//! ("morgen"): see [`TypoIndex::looks_mistyped`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::search::analysis::MAX_WORD_BYTES;

/// Letters Dutch writes two ways for one sound, in both directions: a word typed with one
/// ("kontakt", "eindverantwoordelik") is looked up with the other ("contact").
const SOUND_ALIKE: &[(&str, &str)] = &[
    ("k", "c"),
    ("ei", "ij"),
    ("ou", "au"),
    ("y", "ij"),
    ("lik", "lijk"),
];

/// Most spellings [`sound_alike`] tries for one word: the alternations combine, so a word
/// with many of them stops here.
const MAX_SOUND_ALIKE: usize = 32;

/// The spellings of `word` with one or more sound-alike letters written the other way, the
/// word itself not included; at most [`MAX_SOUND_ALIKE`].
pub fn sound_alike(word: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![word.to_string()];
    // Breadth first over single rewrites, so "kontakt" reaches "contact" through "contakt".
    let mut next = 0;
    while next < out.len() && out.len() <= MAX_SOUND_ALIKE {
        let w = out[next].clone();
        next += 1;
        for (a, b) in SOUND_ALIKE {
            for (from, to) in [(a, b), (b, a)] {
                for (i, _) in w.match_indices(*from) {
                    let v = format!("{}{}{}", &w[..i], to, &w[i + from.len()..]);
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out.truncate(MAX_SOUND_ALIKE + 1);
    out.remove(0);
    out
}

/// Finds the known word a typo most likely meant, within one edit (insert, delete, substitute,
/// swap of neighbours), by the symmetric-delete method: each known word is stored under itself
/// and under every one-letter deletion of it.
#[derive(Debug, Default)]
pub struct TypoIndex {
    words: Vec<(String, u32)>,
    deletes: HashMap<String, Vec<u32>>,
    /// Letter triples (with word boundaries) seen in known words. Without a Dutch dictionary,
    /// a word made only of familiar triples ("morgen") is more likely a real word the corpus
    /// lacks than a typo; "wnneer" and "zorgplciht" contain triples no Dutch word has.
    trigrams: HashSet<[char; 3]>,
    /// Entries long enough to be met by a long word with two typos.
    long: Vec<u32>,
}

fn trigrams(word: &str) -> impl Iterator<Item = [char; 3]> {
    let chars: Vec<char> = std::iter::once('^')
        .chain(word.chars())
        .chain(std::iter::once('$'))
        .collect();
    (0..chars.len().saturating_sub(2))
        .map(move |i| [chars[i], chars[i + 1], chars[i + 2]])
        .collect::<Vec<_>>()
        .into_iter()
}

/// Words shorter than this are never corrected: too many neighbours.
const MIN_TYPO_LEN: usize = 5;

impl TypoIndex {
    /// Indexes `(word, frequency)` pairs.
    pub fn new(words: impl IntoIterator<Item = (String, u32)>) -> TypoIndex {
        let mut idx = TypoIndex::default();
        for (w, f) in words {
            if w.chars().count() < MIN_TYPO_LEN - 1 || w.len() > MAX_WORD_BYTES {
                continue;
            }
            let id = idx.words.len() as u32;
            idx.trigrams.extend(trigrams(&w));
            for d in deletions(&w).into_iter().chain(std::iter::once(w.clone())) {
                idx.deletes.entry(d).or_default().push(id);
            }
            if w.chars().count() >= TWO_EDIT_LEN - 2 {
                idx.long.push(id);
            }
            idx.words.push((w, f));
        }
        idx
    }

    /// Whether `word` looks like a typo rather than a real word the corpus lacks: it contains a
    /// letter triple that no known word has.
    pub fn looks_mistyped(&self, word: &str) -> bool {
        word.chars().count() >= MIN_TYPO_LEN && !trigrams(word).all(|t| self.trigrams.contains(&t))
    }

    /// The most frequent known word within one edit of `word`, if `word` looks like a typo.
    pub fn correct(&self, word: &str) -> Option<&str> {
        if !self.looks_mistyped(word) {
            return None;
        }
        self.nearest(word)
    }

    /// The known entry within one edit of `key`, whatever `key` looks like. A dropped letter is
    /// the most common typo, so such candidates win; then frequency.
    pub fn nearest(&self, key: &str) -> Option<&str> {
        // The deletions of a word cost its length squared: no word is longer than this.
        if key.chars().count() < MIN_TYPO_LEN - 1 || key.len() > MAX_WORD_BYTES {
            return None;
        }
        let mut best: Option<((u8, u32), &str)> = None;
        let keys = deletions(key);
        crate::search::work::typo_keys(keys.len() as u64 + 1);
        for k in keys.into_iter().chain(std::iter::once(key.to_string())) {
            for &id in self.deletes.get(&k).into_iter().flatten() {
                let (cand, freq) = &self.words[id as usize];
                // People rarely mistype the first letter; corrections that change it are wrong
                // more often than right ("hoort" is not "voort").
                if cand == key
                    || cand.chars().next() != key.chars().next()
                    || !within_one_edit(key, cand)
                {
                    continue;
                }
                let rank = (typo_kind(key, cand), *freq);
                let better = best.is_none_or(|(r, w)| rank > r || (rank == r && cand.as_str() < w));
                if better {
                    best = Some((rank, cand));
                }
            }
        }
        best.map(|(_, w)| w)
    }
}

/// Words at least this long may carry two typos ("onderstuenigsteam" for
/// "ondersteuningsteam", "indivueel" for "individueel"); shorter ones have too many
/// neighbours within two edits. The caller only tries this for a word OpenTaal does not list
/// and that is no name, so a real word the corpus lacks is never bent onto a corpus word.
pub const TWO_EDIT_LEN: usize = 9;

impl TypoIndex {
    /// The known word within two edits of a long `key` ([`TWO_EDIT_LEN`] letters or more),
    /// with the same first letter and no more than two letters longer or shorter: the
    /// nearest, then the most frequent. Only long entries are compared, so the work is
    /// bounded by their number.
    pub fn nearest_within_two(&self, key: &str) -> Option<&str> {
        let k: Vec<char> = key.chars().collect();
        if k.len() < TWO_EDIT_LEN || key.len() > MAX_WORD_BYTES {
            return None;
        }
        let mut best: Option<((u8, u32), &str)> = None;
        crate::search::work::typo_keys(self.long.len() as u64);
        for &id in &self.long {
            let (cand, freq) = &self.words[id as usize];
            if cand.chars().next() != k.first().copied()
                || cand.chars().count().abs_diff(k.len()) > 2
                || cand == key
            {
                continue;
            }
            let c: Vec<char> = cand.chars().collect();
            let Some(d) = edits_within_two(&k, &c) else {
                continue;
            };
            // Fewer edits first (encoded so that more is better), then frequency.
            let rank = (2 - d, *freq);
            if best.is_none_or(|(r, w)| rank > r || (rank == r && cand.as_str() < w)) {
                best = Some((rank, cand));
            }
        }
        best.map(|(_, w)| w)
    }
}

/// The optimal-string-alignment distance of `a` and `b` (edits, adjacent swaps included) when
/// it is at most two.
fn edits_within_two(a: &[char], b: &[char]) -> Option<u8> {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 2 {
        return None;
    }
    // Three rows of the dynamic programme; a row whose least value exceeds two ends it.
    let mut before = vec![0usize; lb + 1];
    let mut prev: Vec<usize> = (0..=lb).collect();
    let mut cur = vec![0usize; lb + 1];
    for i in 1..=la {
        cur[0] = i;
        for j in 1..=lb {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v;
        }
        if cur.iter().min().is_some_and(|&m| m > 2) {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    u8::try_from(prev[lb]).ok().filter(|&d| d <= 2)
}

/// How likely a typo is, by kind: one of a doubled letter dropped (`wanner`, `cordineert`) is
/// the most common, then any dropped letter, then the rest.
fn typo_kind(typo: &str, meant: &str) -> u8 {
    let (t, m): (Vec<char>, Vec<char>) = (typo.chars().collect(), meant.chars().collect());
    if m.len() != t.len() + 1 {
        return 0;
    }
    let i = t.iter().zip(&m).take_while(|(a, b)| a == b).count();
    let doubled = (i > 0 && m[i - 1] == m[i]) || m.get(i + 1) == Some(&m[i]);
    if doubled { 2 } else { 1 }
}

fn deletions(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

/// Damerau–Levenshtein distance ≤ 1 (with adjacent swaps).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if prefix == la && prefix == lb {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if la == lb {
        // substitution or swap
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if la > lb {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_word_with_two_typos_meets_its_word() {
        let idx = TypoIndex::new([
            ("ondersteuningsteam".to_string(), 5),
            ("ondersteuningsplan".to_string(), 9),
            ("team".to_string(), 50),
        ]);
        assert_eq!(
            idx.nearest_within_two("onderstuenigsteam"),
            Some("ondersteuningsteam")
        );
        // Three edits away, or a short word: no guess.
        assert_eq!(idx.nearest_within_two("onderstuenigstaem"), None);
        assert_eq!(idx.nearest_within_two("taem"), None);
        let d = |a: &str, b: &str| {
            edits_within_two(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("abcdef", "abcdef"), Some(0));
        assert_eq!(d("abdcef", "abcdef"), Some(1));
        assert_eq!(d("abdcf", "abcdef"), Some(2));
        assert_eq!(d("xyzdef", "abcdef"), None);
    }

    #[test]
    fn typos_within_one_edit() {
        let t = TypoIndex::new(
            [
                "zorgplicht",
                "wanneer",
                "mogen",
                "morele",
                "tegen",
                "organiseren",
                "bergen",
            ]
            .map(|w| (w.to_string(), 3)),
        );
        assert_eq!(t.correct("zorgplciht"), Some("zorgplicht"));
        assert_eq!(t.correct("wnneer"), Some("wanneer"));
        assert_eq!(t.correct("zorgplichten"), None);
        // Made of familiar letter triples: a word the corpus lacks, not a typo of "mogen".
        assert_eq!(t.correct("morgen"), None);
        // A dropped doubled letter beats another dropped letter.
        let t = TypoIndex::new(["coerdiner", "coordiner"].map(|w| (w.to_string(), 1)));
        assert_eq!(t.nearest("cordiner"), Some("coordiner"));
        assert!(within_one_edit("abcd", "abdc"));
        assert!(!within_one_edit("abcd", "badc"));
    }

    #[test]
    fn sound_alike_spellings_are_tried_both_ways() {
        let v = super::sound_alike("kontakt");
        assert!(v.contains(&"contact".to_string()), "{v:?}");
        assert!(
            super::sound_alike("eindverantwoordelik").contains(&"eindverantwoordelijk".to_string())
        );
        assert!(super::sound_alike("leerling").is_empty());
        assert!(super::sound_alike(&"kei".repeat(40)).len() <= super::MAX_SOUND_ALIKE);
    }
}
