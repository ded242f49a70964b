//! The posting lists of a question's terms, read once, and BM25 computed from them.
//!
//! The ranker needs two things from the index for every question: BM25 over the fields for
//! every passage (to collect candidates), and which candidate holds which term in which field
//! (its coverage). Both come from the same posting lists, so [`Postings::read`] reads each
//! (term, field) list once and keeps it as a sorted vector; [`Bm25`] scores from those vectors
//! and [`Postings::contains`] answers presence by binary search.
//!
//! BM25 follows tantivy's own formula (`tantivy::query::Bm25Weight`: k1 = 1.2, b = 0.75, the
//! idf `ln(1 + (N − n + 0.5) / (n + 0.5))`, the field length quantised to its fieldnorm id),
//! and its combinators: a disjunction-max takes the best part plus a tie-breaker share of the
//! others, an intersection sums its parts, a union sums the parts that match. The test
//! `scores_equal_tantivys_own_query` holds the two to the same numbers. Scoring by hand on
//! dense vectors costs a fraction of tantivy's scorer tree on a corpus of a few hundred
//! passages, where building and driving union scorers was most of the search time.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings as _;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, Term};

use crate::search::index::IndexError;

/// BM25 term-frequency saturation (tantivy's value).
const K1: f32 = 1.2;
/// BM25 length normalisation (tantivy's value).
const B: f32 = 0.75;

/// One posting: global document number (segment offset plus doc id), term frequency and the
/// fieldnorm id of the field in that passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Segment offset plus doc id: the order of the index.
    pub doc: u32,
    /// Occurrences of the term in the field.
    pub tf: u32,
    /// The field's length, quantised as tantivy stores it.
    pub norm: u8,
}

/// The posting lists of some terms in some fields, across all segments.
#[derive(Debug, Clone)]
pub struct Postings {
    /// Documents in the index, deleted ones included (BM25's N, as tantivy counts it).
    pub total_docs: u64,
    /// Per field: the average field length, tokens per document.
    pub avg_len: Vec<f32>,
    /// `lists[field][term]`: the term's postings in that field, in document order.
    pub lists: Vec<Vec<Vec<Hit>>>,
    /// First global document number of each segment.
    offsets: Vec<u32>,
}

impl Postings {
    /// Reads the posting list of every term in every field once.
    pub fn read(
        searcher: &Searcher,
        fields: &[Field],
        terms: &[&str],
    ) -> Result<Postings, IndexError> {
        let segments = searcher.segment_readers();
        let mut offsets = Vec::with_capacity(segments.len());
        let mut total_docs = 0u64;
        for seg in segments {
            offsets.push(u32::try_from(total_docs).unwrap_or(u32::MAX));
            total_docs += u64::from(seg.max_doc());
        }
        let mut lists = vec![vec![Vec::new(); terms.len()]; fields.len()];
        let mut tokens = vec![0u64; fields.len()];
        for (seg, &offset) in segments.iter().zip(&offsets) {
            let alive = seg.alive_bitset();
            for (fi, &field) in fields.iter().enumerate() {
                let inv = seg.inverted_index(field)?;
                tokens[fi] += inv.total_num_tokens();
                let norms = match seg.fieldnorms_readers().get_field(field)? {
                    Some(r) => r,
                    None => FieldNormReader::constant(seg.max_doc(), 1),
                };
                for (t, text) in terms.iter().enumerate() {
                    let term = Term::from_field_text(field, text);
                    let Some(info) = inv
                        .get_term_info(&term)
                        .map_err(tantivy::TantivyError::from)?
                    else {
                        continue;
                    };
                    let mut postings = inv
                        .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                        .map_err(tantivy::TantivyError::from)?;
                    let list = &mut lists[fi][t];
                    list.reserve(info.doc_freq as usize);
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            list.push(Hit {
                                doc: offset.saturating_add(doc),
                                tf: postings.term_freq(),
                                norm: norms.fieldnorm_id(doc),
                            });
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        let avg_len = tokens
            .iter()
            .map(|&n| n as f32 / total_docs.max(1) as f32)
            .collect();
        Ok(Postings {
            total_docs,
            avg_len,
            lists,
            offsets,
        })
    }

    /// Whether `doc` holds term `t` in field `f`.
    pub fn contains(&self, f: usize, t: usize, doc: u32) -> bool {
        self.lists[f][t]
            .binary_search_by_key(&doc, |h| h.doc)
            .is_ok()
    }

    /// The address of a global document number.
    pub fn address(&self, doc: u32) -> DocAddress {
        let seg = self
            .offsets
            .partition_point(|&o| o <= doc)
            .saturating_sub(1);
        let base = self.offsets.get(seg).copied().unwrap_or(0);
        DocAddress::new(u32::try_from(seg).unwrap_or(u32::MAX), doc - base)
    }

    /// The global document number of an address.
    pub fn global(&self, addr: DocAddress) -> u32 {
        let base = self
            .offsets
            .get(addr.segment_ord as usize)
            .copied()
            .unwrap_or(0);
        base.saturating_add(addr.doc_id)
    }
}

/// The positions of `text` in `field` of each passage at `addrs` (empty where it is absent),
/// for the few multi-word alternatives whose words must stand together.
pub fn positions(
    searcher: &Searcher,
    field: Field,
    text: &str,
    addrs: &[DocAddress],
) -> Result<Vec<Vec<u32>>, IndexError> {
    let term = Term::from_field_text(field, text);
    let mut out = vec![Vec::new(); addrs.len()];
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let mut wanted: Vec<(u32, usize)> = addrs
            .iter()
            .enumerate()
            .filter(|(_, a)| a.segment_ord as usize == ord)
            .map(|(k, a)| (a.doc_id, k))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        wanted.sort_unstable();
        let inv = seg.inverted_index(field)?;
        let Some(mut postings) = inv
            .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
            .map_err(tantivy::TantivyError::from)?
        else {
            continue;
        };
        for (doc, k) in wanted {
            if postings.doc() == TERMINATED {
                break;
            }
            if postings.doc() <= doc && postings.seek(doc) == doc {
                postings.positions(&mut out[k]);
            }
        }
    }
    Ok(out)
}

/// Scores of documents, sorted by document: the value of one (sub)query.
pub type Scored = Vec<(u32, f32)>;

/// BM25 from [`Postings`], with tantivy's combinators.
pub struct Bm25<'p> {
    postings: &'p Postings,
    /// Per field: `k1 · (1 − b + b · len / avg_len)` for each fieldnorm id.
    norms: Vec<[f32; 256]>,
}

impl<'p> Bm25<'p> {
    /// A scorer over `postings`.
    pub fn new(postings: &'p Postings) -> Bm25<'p> {
        let norms = postings
            .avg_len
            .iter()
            .map(|&avg| {
                let mut cache = [0f32; 256];
                for (id, slot) in cache.iter_mut().enumerate() {
                    let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
                    *slot = K1 * (1.0 - B + B * len / avg);
                }
                cache
            })
            .collect();
        Bm25 { postings, norms }
    }

    /// Whether term `t` occurs in field `f` at all.
    pub fn holds(&self, f: usize, t: usize) -> bool {
        !self.postings.lists[f][t].is_empty()
    }

    /// BM25 of term `t` in field `f`, times `boost`, for every document holding it.
    pub fn term(&self, f: usize, t: usize, boost: f32) -> Scored {
        let list = &self.postings.lists[f][t];
        let n = list.len() as u64;
        let total = self.postings.total_docs.max(n);
        let idf = (1.0 + ((total - n) as f32 + 0.5) / (n as f32 + 0.5)).ln();
        let weight = idf * (1.0 + K1);
        let cache = &self.norms[f];
        list.iter()
            .map(|h| {
                let tf = h.tf as f32;
                (h.doc, weight * (tf / (tf + cache[h.norm as usize])) * boost)
            })
            .collect()
    }

    /// Disjunction-max: per document the best part plus `tie` times the rest.
    pub fn dismax(parts: Vec<Scored>, tie: f32) -> Scored {
        if parts.len() == 1 {
            return parts.into_iter().next().unwrap_or_default();
        }
        let mut all: Vec<(u32, f32)> = parts.into_iter().flatten().collect();
        all.sort_by_key(|&(d, _)| d);
        let mut out: Scored = Vec::with_capacity(all.len());
        let mut i = 0;
        while i < all.len() {
            let doc = all[i].0;
            let (mut max, mut sum) = (0f32, 0f32);
            while i < all.len() && all[i].0 == doc {
                max = max.max(all[i].1);
                sum += all[i].1;
                i += 1;
            }
            out.push((doc, max + (sum - max) * tie));
        }
        out
    }

    /// Intersection: documents in every part, their scores summed.
    pub fn all(mut parts: Vec<Scored>) -> Scored {
        // tantivy drives an intersection by its cheapest part and sums in that order.
        parts.sort_by_key(Vec::len);
        let mut iter = parts.into_iter();
        let Some(mut acc) = iter.next() else {
            return Vec::new();
        };
        for part in iter {
            acc.retain_mut(
                |(doc, score)| match part.binary_search_by_key(doc, |&(d, _)| d) {
                    Ok(j) => {
                        *score += part[j].1;
                        true
                    }
                    Err(_) => false,
                },
            );
        }
        acc
    }

    /// Union: every document in any part, the scores of the parts it is in summed.
    pub fn any(parts: Vec<Scored>) -> Scored {
        let mut all: Vec<(u32, f32)> = parts.into_iter().flatten().collect();
        all.sort_by_key(|&(d, _)| d);
        let mut out: Scored = Vec::with_capacity(all.len());
        for (doc, score) in all {
            match out.last_mut() {
                Some((d, s)) if *d == doc => *s += score,
                _ => out.push((doc, score)),
            }
        }
        out
    }

    /// Every score times `boost`.
    pub fn boost(mut scored: Scored, boost: f32) -> Scored {
        for (_, s) in &mut scored {
            *s *= boost;
        }
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinators_follow_tantivys_rules() {
        let a = vec![(1, 1.0), (3, 2.0)];
        let b = vec![(3, 4.0), (5, 1.0)];
        assert_eq!(
            Bm25::dismax(vec![a.clone(), b.clone()], 0.5),
            vec![(1, 1.0), (3, 5.0), (5, 1.0)]
        );
        assert_eq!(Bm25::all(vec![a.clone(), b.clone()]), vec![(3, 6.0)]);
        assert_eq!(Bm25::any(vec![a, b]), vec![(1, 1.0), (3, 6.0), (5, 1.0)]);
        assert!(Bm25::all(Vec::new()).is_empty());
    }
}
