//! The tantivy index over passages: schema, build, open, and the few lookups the ranker needs.
//!
//! An index lives in `index/<fingerprint>/`, where the fingerprint hashes the corpus, the config
//! and the indexing code. A changed corpus or config therefore gets a fresh index on first use,
//! and an index is never opened with an analyzer it was not built with. Builds go to a temporary
//! directory that is renamed into place when complete, so processes that start together never
//! see half an index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::config::Words;
use crate::corpus::passage::Passage;
use crate::search::analysis::{self, Dutch};
use crate::search::manifest::{self, Damage};
use crate::text::lexicon::Dictionary;

/// Bumped whenever the stored format changes, so old indexes are rebuilt.
const FORMAT: &str = "normwijzer-index-6";

/// What the `docnum`, `list` and `outline` fast fields hold for "none". Written by the build
/// and read back as `None` by [`SearchIndex::fast_u64`]; nothing else sees it.
const NONE: u64 = u64::MAX;

/// Problems with the index directory. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy reported an error. Its English text is for the log ([`IndexError::detail`]),
    /// never for users.
    #[error("de zoekindex werkt niet; start normwijzer opnieuw, dan wordt hij hersteld")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading or writing the index directory failed.
    #[error(
        "de zoekindex in {path} kan niet worden gelezen of geschreven ({})",
        dutch_io(source)
    )]
    Io {
        /// Directory involved.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The index is damaged (a stored passage does not parse).
    #[error("de zoekindex is beschadigd; start normwijzer opnieuw, dan wordt hij hersteld")]
    Corrupt(String),
}

/// An I/O error in Dutch words: the kinds a user can act on, else a general phrase.
fn dutch_io(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "bestand of map bestaat niet",
        K::PermissionDenied => "geen toestemming",
        K::ReadOnlyFilesystem => "alleen-lezen bestandssysteem",
        K::StorageFull | K::QuotaExceeded => "de schijf is vol",
        K::AlreadyExists => "bestaat al",
        _ => "invoer/uitvoer-fout",
    }
}

impl IndexError {
    /// The underlying library's own words, for an operator's log.
    pub fn detail(&self) -> String {
        match self {
            IndexError::Tantivy(e) => e.to_string(),
            IndexError::Io { source, .. } => source.to_string(),
            IndexError::Corrupt(why) => why.clone(),
        }
    }
}

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Passage id, exact.
    pub pid: Field,
    /// Source id, exact.
    pub doc: Field,
    /// Position of the passage in its document.
    pub seq: Field,
    /// Number of the document in [`IndexInfo::doc_ids`] (fast field, for ranking).
    pub docnum: Field,
    /// Number of the passage within its section (fast field).
    pub ordinal: Field,
    /// `seq` of the first passage of a split list, if the passage is part of one (fast field).
    pub list: Field,
    /// Number of the [`Outline`](crate::corpus::passage::Outline) the passage belongs to, if
    /// any (fast field).
    pub outline: Field,
    /// Passage text, analyzed.
    pub body: Field,
    /// Section titles, analyzed.
    pub section: Field,
    /// Glossary term, abbreviation and defined subjects, analyzed.
    pub term: Field,
    /// Title of the document, analyzed.
    pub title: Field,
    /// For lists and tables: own heading and lead-in line, analyzed (what the list is about).
    pub lead: Field,
    /// The passage's search words from `config/zoekwoorden.toml`, analyzed; never quoted.
    pub search_words: Field,
    /// The whole passage as JSON, stored only.
    pub record: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis::ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        pid: b.add_text_field("pid", STRING),
        doc: b.add_text_field("doc", STRING),
        seq: b.add_u64_field("seq", INDEXED | FAST),
        docnum: b.add_u64_field("docnum", FAST),
        ordinal: b.add_u64_field("ordinal", FAST),
        list: b.add_u64_field("list", FAST),
        outline: b.add_u64_field("outline", FAST),
        body: b.add_text_field("body", analyzed.clone()),
        section: b.add_text_field("section", analyzed.clone()),
        term: b.add_text_field("term", analyzed.clone()),
        title: b.add_text_field("title", analyzed.clone()),
        lead: b.add_text_field("lead", analyzed.clone()),
        search_words: b.add_text_field("zoekwoorden", analyzed),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

/// Where the index is kept.
#[derive(Debug, Clone)]
pub enum Location {
    /// `index/` directory of a checkout.
    Dir(PathBuf),
    /// Memory only (tests, read-only installs).
    Ram,
}

/// How [`SearchIndex::open_or_build`] came by its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// An index from disk whose checksums matched.
    Existing,
    /// Built now: there was none for this fingerprint yet, or memory was asked for.
    Built,
    /// The index on disk was damaged; it was moved aside and built again.
    Healed {
        /// What was wrong, in Dutch.
        damage: String,
        /// Where the damaged directory went (`index/<fingerprint>.broken-<time>`).
        aside: PathBuf,
    },
    /// The index directory cannot be written: the index is used from memory.
    InMemory {
        /// Why, in Dutch.
        reason: String,
    },
}

impl Opened {
    /// Whether the index was built by this open.
    pub fn built(&self) -> bool {
        !matches!(self, Opened::Existing)
    }

    /// The one Dutch sentence a user should see about this open, if any.
    pub fn notice(&self) -> Option<String> {
        match self {
            Opened::Existing | Opened::Built => None,
            Opened::Healed { damage, aside } => Some(format!(
                "de zoekindex was beschadigd ({damage}); de beschadigde map is opzij gezet als {} en de index is opnieuw opgebouwd",
                aside.display()
            )),
            Opened::InMemory { reason } => Some(reason.clone()),
        }
    }
}

/// Words of the corpus as readers write them (folded), with frequencies. Saved next to the
/// index: the compound lexicon and the typo index are made from it.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// `(word, count)`, sorted by word.
    pub words: Vec<(String, u32)>,
}

impl Vocabulary {
    fn from_passages(passages: &[Passage], titles: &HashMap<String, String>) -> Vocabulary {
        use rayon::prelude::*;
        type Counts = rustc_hash::FxHashMap<String, u32>;
        fn add(counts: &mut Counts, s: &str) {
            for (_, w) in crate::text::words(s) {
                if (2..=analysis::MAX_WORD_BYTES).contains(&w.len()) {
                    *counts.entry(w).or_default() += 1;
                }
            }
        }
        // Counted in parallel per chunk of passages, then merged.
        let mut counts = passages
            .par_chunks(512)
            .map(|chunk| {
                let mut counts = Counts::default();
                for p in chunk {
                    add(&mut counts, p.text());
                    for c in &p.breadcrumb {
                        add(&mut counts, c);
                    }
                }
                counts
            })
            .reduce(Counts::default, |mut a, b| {
                for (w, n) in b {
                    *a.entry(w).or_default() += n;
                }
                a
            });
        for t in titles.values() {
            add(&mut counts, t);
        }
        let mut words: Vec<(String, u32)> = counts.into_iter().collect();
        words.sort();
        Vocabulary { words }
    }

    fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut s = String::new();
        for (w, c) in &self.words {
            s.push_str(w);
            s.push('\t');
            s.push_str(&c.to_string());
            s.push('\n');
        }
        std::fs::write(path, s)
    }

    fn load(path: &Path) -> std::io::Result<Vocabulary> {
        let s = std::fs::read_to_string(path)?;
        let words = s
            .lines()
            .filter_map(|l| {
                let (w, c) = l.split_once('\t')?;
                Some((w.to_string(), c.parse().ok()?))
            })
            .collect();
        Ok(Vocabulary { words })
    }

    /// Is this folded word in the corpus?
    pub fn contains(&self, word: &str) -> bool {
        self.words
            .binary_search_by(|(w, _)| w.as_str().cmp(word))
            .is_ok()
    }
}

/// Facts about a built index, stored as `ready.json` when the build is complete.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexInfo {
    /// Fingerprint of corpus, config and code.
    pub fingerprint: String,
    /// Documents indexed.
    pub documents: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Source ids, numbered by the `docnum` field.
    pub doc_ids: Vec<String>,
    /// Numbered series of sections, numbered by the `outline` field.
    #[serde(default)]
    pub outlines: Vec<crate::corpus::passage::Outline>,
}

/// An open index with its analyzer.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// Schema fields.
    pub fields: Fields,
    /// Corpus words.
    pub vocabulary: Vocabulary,
    /// The Dutch analysis set-up (same as at build time).
    pub dutch: Dutch,
    /// Build facts.
    pub info: IndexInfo,
    /// Where it lives (`None`: memory).
    pub path: Option<PathBuf>,
    /// Passages read from the store, parsed once: the index never changes while open.
    cache: PassageCache,
}

/// Parsed passages by document number, filled on first read, within a memory budget.
struct PassageCache {
    /// First global document number of each segment.
    offsets: Vec<u32>,
    slots: Vec<std::sync::OnceLock<Arc<Passage>>>,
    bytes: std::sync::atomic::AtomicUsize,
}

/// Parsed passages kept in memory at most (roughly, in bytes of text).
const CACHE_BUDGET: usize = 48 << 20;

impl PassageCache {
    fn new(reader: &IndexReader) -> PassageCache {
        let searcher = reader.searcher();
        let mut offsets = Vec::new();
        let mut total = 0u32;
        for seg in searcher.segment_readers() {
            offsets.push(total);
            total += seg.max_doc();
        }
        PassageCache {
            offsets,
            slots: (0..total).map(|_| std::sync::OnceLock::new()).collect(),
            bytes: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn slot(&self, addr: DocAddress) -> Option<&std::sync::OnceLock<Arc<Passage>>> {
        let base = *self.offsets.get(addr.segment_ord as usize)?;
        self.slots.get((base + addr.doc_id) as usize)
    }
}

/// What an index is built from.
pub struct BuildInput<'a> {
    /// All passages of all documents.
    pub passages: &'a [Passage],
    /// Source ids of all documents, sorted.
    pub doc_ids: Vec<String>,
    /// Document titles by source id.
    pub titles: HashMap<String, String>,
    /// Word lists from config.
    pub words: &'a Words,
    /// Search words per passage id, from config.
    pub search_words: &'a crate::config::SearchWords,
    /// The Dutch dictionary (lemmas, frequencies, word list) from `config/lexicon/`.
    pub dictionary: Arc<Dictionary>,
    /// Fingerprint to record.
    pub fingerprint: String,
}

/// Files of the dictionary stored next to the index (see [`Dictionary::to_parts`]).
const DICTIONARY_FILES: [&str; 3] = ["woorden.fst", "lemmas.fst", "lemmas.txt"];

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Hex digest over the index format, the indexing code and the given files.
pub fn fingerprint<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(FORMAT.as_bytes());
    h.update(env!("NORMWIJZER_CODE_HASH").as_bytes());
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize().to_hex()[..16].to_string()
}

impl SearchIndex {
    /// Opens the index for `fingerprint` at `location`, building it from `input()` first if
    /// needed, and says how it came by it.
    ///
    /// An index on disk is opened only after its checksums ([`manifest`]) match. A damaged
    /// one (a file missing, truncated or overwritten, or one the search library refuses) is
    /// moved aside to `<root>/<fingerprint>.broken-<time>` and built again, so the next run
    /// finds a sound index. A directory that cannot be written gives an index in memory: read
    /// from the verified files if there are any, else built.
    pub fn open_or_build<'a>(
        location: &Location,
        fingerprint: &str,
        words: &'a Words,
        input: impl FnOnce() -> BuildInput<'a>,
    ) -> Result<(SearchIndex, Opened), IndexError> {
        let root = match location {
            Location::Ram => return Ok((Self::build(None, input())?, Opened::Built)),
            Location::Dir(root) => root,
        };
        let dir = root.join(fingerprint);
        let writable = writable(root);
        let mut healed = None;
        if dir.exists() {
            let opened = manifest::verify(&dir).and_then(|files| {
                let opened = if writable {
                    Self::open_dir(&dir, words)
                } else {
                    Self::open_in_ram(&dir, &files, words)
                };
                opened.map_err(|e| {
                    tracing::debug!("tantivy: {e}");
                    Damage::WontOpen
                })
            });
            match opened {
                Ok(idx) => return Ok((idx, Opened::Existing)),
                Err(damage) if !writable => {
                    return Ok((
                        Self::build(None, input())?,
                        Opened::InMemory {
                            reason: format!(
                                "de zoekindex in {} is beschadigd ({damage}) en de map kan niet worden beschreven; de index is nu alleen in het geheugen opgebouwd",
                                dir.display()
                            ),
                        },
                    ));
                }
                Err(damage) => match move_aside(root, &dir, fingerprint) {
                    Ok(aside) => {
                        // The user is told once, through `Opened::notice`; this is for the log.
                        tracing::info!(
                            "zoekindex in {} is beschadigd ({damage}); opzij gezet als {} en opnieuw opgebouwd",
                            dir.display(),
                            aside.display()
                        );
                        healed = Some(Opened::Healed {
                            damage: damage.to_string(),
                            aside,
                        });
                    }
                    Err(e) => return Err(io_err(&dir)(e)),
                },
            }
        }
        if !writable {
            return Ok((
                Self::build(None, input())?,
                Opened::InMemory {
                    reason: format!(
                        "de map {} kan niet worden beschreven; de zoekindex is nu alleen in het geheugen opgebouwd",
                        root.display()
                    ),
                },
            ));
        }
        Self::build_on_disk(root, &dir, fingerprint, input())?;
        Ok((
            Self::open_dir(&dir, words)?,
            healed.unwrap_or(Opened::Built),
        ))
    }

    /// Builds into a temporary directory next to `dir`, writes the checksum manifest last and
    /// renames it into place, so a half-built index is never taken for a whole one; then
    /// removes the indexes of other fingerprints.
    fn build_on_disk(
        root: &Path,
        dir: &Path,
        fingerprint: &str,
        input: BuildInput<'_>,
    ) -> Result<(), IndexError> {
        let tmp = root.join(format!(".bouw-{fingerprint}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        drop(Self::build(Some(&tmp), input)?);
        manifest::write(&tmp).map_err(io_err(&tmp))?;
        match std::fs::rename(&tmp, dir) {
            Ok(()) => {}
            // Another process finished first: use theirs.
            Err(_) if dir.join(manifest::FILE).exists() => {
                let _ = std::fs::remove_dir_all(&tmp);
            }
            Err(e) => return Err(io_err(dir)(e)),
        }
        remove_stale(root, fingerprint);
        Ok(())
    }

    fn build(dir: Option<&Path>, input: BuildInput<'_>) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema();
        let vocabulary = Vocabulary::from_passages(input.passages, &input.titles);
        let dutch = Dutch::new(
            vocabulary.words.iter().map(|(w, _)| w.as_str()),
            input.words,
            input.dictionary.clone(),
        );
        let index = match dir {
            Some(d) => Index::create_in_dir(d, schema)?,
            None => Index::create_in_ram(schema),
        };
        index
            .tokenizers()
            .register(analysis::ANALYZER, dutch.analyzer());
        let outlines = write_passages(&index, &fields, &dutch, &input)?;
        let info = IndexInfo {
            fingerprint: input.fingerprint,
            documents: input.doc_ids.len(),
            passages: input.passages.len(),
            doc_ids: input.doc_ids,
            outlines,
        };
        if let Some(d) = dir {
            vocabulary
                .save(&d.join("vocabulary.tsv"))
                .map_err(io_err(d))?;
            for (name, bytes) in DICTIONARY_FILES.iter().zip(input.dictionary.to_parts()) {
                std::fs::write(d.join(name), bytes).map_err(io_err(d))?;
            }
            let json = serde_json::to_string_pretty(&info).expect("plain struct");
            std::fs::write(d.join("ready.json"), json).map_err(io_err(d))?;
        }
        Self::ready(
            index,
            fields,
            vocabulary,
            dutch,
            info,
            dir.map(Path::to_path_buf),
        )
    }

    fn open_dir(dir: &Path, words: &Words) -> Result<SearchIndex, IndexError> {
        Self::open_with(dir, Index::open_in_dir(dir)?, words)
    }

    /// The index of a directory that cannot be written, read into memory: tantivy's readers
    /// take a lock file, which a read-only directory refuses.
    fn open_in_ram(dir: &Path, files: &[String], words: &Words) -> Result<SearchIndex, IndexError> {
        use tantivy::directory::{Directory, RamDirectory};
        let ram = RamDirectory::create();
        for f in files {
            let bytes = std::fs::read(dir.join(f)).map_err(io_err(dir))?;
            ram.atomic_write(Path::new(f), &bytes)
                .map_err(io_err(dir))?;
        }
        let mut idx = Self::open_with(dir, Index::open(ram)?, words)?;
        idx.path = None;
        Ok(idx)
    }

    /// An opened tantivy index with the `ready.json`, `vocabulary.tsv` and dictionary files of
    /// `dir`.
    fn open_with(dir: &Path, index: Index, words: &Words) -> Result<SearchIndex, IndexError> {
        let info: IndexInfo =
            serde_json::from_slice(&std::fs::read(dir.join("ready.json")).map_err(io_err(dir))?)
                .map_err(|e| IndexError::Corrupt(e.to_string()))?;
        let vocabulary = Vocabulary::load(&dir.join("vocabulary.tsv")).map_err(io_err(dir))?;
        let [w, l, t] = DICTIONARY_FILES.map(|name| std::fs::read(dir.join(name)));
        let dictionary = Dictionary::from_parts(
            w.map_err(io_err(dir))?,
            l.map_err(io_err(dir))?,
            t.map_err(io_err(dir))?,
        )
        .ok_or_else(|| IndexError::Corrupt("het woordenboek naast de index".into()))?;
        let dutch = Dutch::new(
            vocabulary.words.iter().map(|(w, _)| w.as_str()),
            words,
            Arc::new(dictionary),
        );
        index
            .tokenizers()
            .register(analysis::ANALYZER, dutch.analyzer());
        let (_, fields) = schema();
        Self::ready(
            index,
            fields,
            vocabulary,
            dutch,
            info,
            Some(dir.to_path_buf()),
        )
    }

    /// An index with its reader and an empty passage cache, ready for questions.
    fn ready(
        index: Index,
        fields: Fields,
        vocabulary: Vocabulary,
        dutch: Dutch,
        info: IndexInfo,
        path: Option<PathBuf>,
    ) -> Result<SearchIndex, IndexError> {
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let cache = PassageCache::new(&reader);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            vocabulary,
            dutch,
            info,
            path,
            cache,
        })
    }

    /// A searcher over the current index.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The analyzer the index was built with.
    pub fn analyzer(&self) -> tantivy::tokenizer::TextAnalyzer {
        self.dutch.analyzer()
    }

    /// The index's analyzer without lemmas, for reading questions word by word.
    pub fn word_analyzer(&self) -> tantivy::tokenizer::TextAnalyzer {
        self.dutch.word_analyzer()
    }

    /// Top `limit` passages for a query.
    pub fn search(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        Ok(searcher.search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())?)
    }

    /// The best `limit` passages by BM25 times a weight per document (`weights[docnum]`, 1.0
    /// for documents beyond it): the region preference acts while collecting, so a large
    /// corpus of other regions cannot crowd the home region out of the candidates. Only the
    /// tests use it: they hold the ranker's own BM25 (`search::postings`) to tantivy's.
    #[cfg(test)]
    pub fn search_weighted(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
        weights: &Arc<Vec<f32>>,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let weights = Arc::clone(weights);
        let collector = TopDocs::with_limit(limit.max(1)).tweak_score(
            move |segment: &tantivy::SegmentReader| {
                // The tweaker cannot fail: without the column (an index of another schema,
                // which the fingerprint rules out) every document keeps weight 1.0.
                let docnums = segment
                    .fast_fields()
                    .u64("docnum")
                    .ok()
                    .map(|c| c.first_or_default_col(NONE));
                let weights = Arc::clone(&weights);
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let w = docnums
                        .as_ref()
                        .and_then(|c| weights.get(c.get_val(doc) as usize))
                        .copied()
                        .unwrap_or(1.0);
                    score * w
                }
            },
        );
        Ok(searcher.search(query, &collector)?)
    }

    /// The stored passage at an address, parsed once and then shared.
    pub fn passage(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
    ) -> Result<Arc<Passage>, IndexError> {
        let slot = self.cache.slot(addr);
        if let Some(p) = slot.and_then(|s| s.get()) {
            return Ok(p.clone());
        }
        let doc: TantivyDocument = searcher.doc(addr)?;
        let json = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt("passage zonder inhoud".into()))?;
        let p: Arc<Passage> =
            Arc::new(serde_json::from_str(json).map_err(|e| IndexError::Corrupt(e.to_string()))?);
        use std::sync::atomic::Ordering;
        if let Some(slot) = slot
            && self.cache.bytes.fetch_add(json.len(), Ordering::Relaxed) < CACHE_BUDGET
        {
            return Ok(slot.get_or_init(|| p).clone());
        }
        Ok(p)
    }

    /// The passage with this exact id, shared with the passage cache.
    pub fn passage_by_id(&self, id: &str) -> Result<Option<Arc<Passage>>, IndexError> {
        let searcher = self.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.pid, id),
            IndexRecordOption::Basic,
        );
        match self.search(&searcher, &q, 1)?.first() {
            Some((_, addr)) => self.passage(&searcher, *addr).map(Some),
            None => Ok(None),
        }
    }

    /// All passages of a document, in order (for `bron` context and listings), shared with the
    /// passage cache.
    pub fn passages_of(&self, doc: &str) -> Result<Vec<Arc<Passage>>, IndexError> {
        let searcher = self.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc, doc),
            IndexRecordOption::Basic,
        );
        let hits = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut out = hits
            .into_iter()
            .map(|a| self.passage(&searcher, a))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by_key(|p| p.seq);
        Ok(out)
    }

    /// [`passage_by_id`](Self::passage_by_id) as an owned copy.
    // TODO(lead): remove once checks (`Checks::load`) takes `Arc<Passage>`.
    pub fn by_id(&self, id: &str) -> Result<Option<Passage>, IndexError> {
        Ok(self.passage_by_id(id)?.map(|p| (*p).clone()))
    }

    /// [`passages_of`](Self::passages_of) as owned copies.
    // TODO(lead): remove once checks, `Engine::document_passages` and benches/phases.rs take
    // `Arc<Passage>`.
    pub fn document_passages(&self, doc: &str) -> Result<Vec<Passage>, IndexError> {
        Ok(self
            .passages_of(doc)?
            .into_iter()
            .map(|p| (*p).clone())
            .collect())
    }

    /// Number of passages whose `field` contains `term`.
    pub fn doc_freq(
        &self,
        searcher: &Searcher,
        field: Field,
        term: &str,
    ) -> Result<u64, IndexError> {
        Ok(searcher.doc_freq(&Term::from_field_text(field, term))?)
    }

    /// A u64 fast field (`docnum`, `ordinal`, `list`, `outline`) of each hit; `None` when the
    /// passage has none (the one place that reads the stored "none"). Opens the column once
    /// per segment.
    pub fn fast_u64(
        &self,
        searcher: &Searcher,
        field: &str,
        docs: &[DocAddress],
    ) -> Result<Vec<Option<u64>>, IndexError> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|seg| seg.fast_fields().u64(field))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(docs
            .iter()
            .map(|a| {
                columns
                    .get(a.segment_ord as usize)
                    .and_then(|col| col.first(a.doc_id))
                    .filter(|&v| v != NONE)
            })
            .collect())
    }

    /// Total passages.
    pub fn len(&self) -> usize {
        self.info.passages
    }

    /// Whether the index holds no passages.
    pub fn is_empty(&self) -> bool {
        self.info.passages == 0
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// Adds every passage to the index as a document, commits and merges into one segment.
/// Returns the numbered series (outlines) the `outline` field numbers.
fn write_passages(
    index: &Index,
    fields: &Fields,
    dutch: &Dutch,
    input: &BuildInput<'_>,
) -> Result<Vec<crate::corpus::passage::Outline>, IndexError> {
    let (outlines, outline_of) = crate::corpus::passage::outlines(input.passages);
    let mut analyzer = dutch.analyzer();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let mut writer: tantivy::IndexWriter =
        index.writer_with_num_threads(threads, 40_000_000 * threads)?;
    let docnums: HashMap<&str, usize> = input
        .doc_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    for (i, p) in input.passages.iter().enumerate() {
        let mut d = TantivyDocument::default();
        d.add_u64(fields.outline, outline_of[i].map_or(NONE, |o| o as u64));
        d.add_text(fields.pid, &p.id);
        d.add_text(fields.doc, &p.doc);
        d.add_u64(fields.seq, p.seq as u64);
        let docnum = docnums.get(p.doc.as_str()).map_or(NONE, |&n| n as u64);
        d.add_u64(fields.docnum, docnum);
        d.add_u64(fields.ordinal, p.ordinal as u64);
        d.add_u64(fields.list, p.list.map_or(NONE, |l| l as u64));
        add_searched_text(&mut d, fields, p, input.titles.get(&p.doc));
        if let Some(words) = input.search_words.passages.get(&p.id) {
            for w in &words.woorden {
                d.add_text(fields.search_words, w);
            }
        }
        let record = serde_json::to_string(&with_units(p, &mut analyzer))
            .map_err(|e| IndexError::Corrupt(e.to_string()))?;
        d.add_text(fields.record, &record);
        writer.add_document(d)?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(outlines)
}

/// The analyzed fields of a passage's document: text, section titles, list lead-in,
/// document title, glossary terms.
fn add_searched_text(
    d: &mut TantivyDocument,
    fields: &Fields,
    p: &Passage,
    title: Option<&String>,
) {
    d.add_text(fields.body, p.text());
    // The passage's own heading and its parent: higher chapters say too little.
    for c in p.breadcrumb.iter().rev().take(2) {
        d.add_text(fields.section, c);
    }
    // A list's lead-in line ("HGW is gebaseerd op zeven uitgangspunten:") titles the list.
    if let Some(lead) = p.list_lead_in() {
        d.add_text(fields.section, lead);
        d.add_text(fields.lead, lead);
        if let Some(own) = p.breadcrumb.last() {
            d.add_text(fields.lead, own);
        }
    }
    if let Some(title) = title {
        d.add_text(fields.title, title);
    }
    if let Some(g) = &p.glossary {
        d.add_text(fields.term, &g.term);
        if let Some(a) = &g.abbreviation {
            d.add_text(fields.term, a);
        }
    }
    for s in &p.defines {
        d.add_text(fields.term, s);
    }
}

/// The passage as stored, with its quote units analyzed: once here, not at every question.
fn with_units(p: &Passage, analyzer: &mut tantivy::tokenizer::TextAnalyzer) -> Passage {
    let mut stored = p.clone();
    stored.units = p
        .quote_units()
        .into_iter()
        .map(|r| {
            let mut terms = analysis::terms(analyzer, &p.text()[r.clone()]);
            terms.sort_unstable();
            terms.dedup();
            crate::corpus::passage::QuoteUnit {
                start: r.start,
                end: r.end,
                terms: terms.join(" "),
            }
        })
        .collect();
    stored
}

/// Removes index directories of other fingerprints (best effort: another process may still
/// have one open, which Unix allows), all but the newest [`BROKEN_KEPT`] damaged ones, and
/// half-built ones of processes that no longer run.
fn remove_stale(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut broken: Vec<(String, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let is_index = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if is_index && name != keep {
            let _ = std::fs::remove_dir_all(e.path());
        } else if let Some((_, time)) = name.split_once(".broken-") {
            broken.push((time.to_string(), e.path()));
        } else if let Some(pid) = name
            .strip_prefix(".bouw-")
            .and_then(|rest| rest.rsplit('-').next())
            && pid.parse::<u32>().is_ok()
            && pid != std::process::id().to_string()
            && Path::new("/proc/self").exists()
            && !Path::new("/proc").join(pid).exists()
        {
            // A build of a process that died half-way (Linux: no /proc entry any more).
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    broken.sort();
    let excess = broken.len().saturating_sub(BROKEN_KEPT);
    for (_, path) in broken.into_iter().take(excess) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Damaged index directories kept for inspection; older ones are removed.
const BROKEN_KEPT: usize = 3;

/// Whether `root` exists (or can be made) and takes a new file.
fn writable(root: &Path) -> bool {
    if std::fs::create_dir_all(root).is_err() {
        return false;
    }
    let probe = root.join(format!(".schrijftest-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// Moves a damaged index directory to `<root>/<fingerprint>.broken-<time>`; removes it when it
/// cannot be moved. Returns where it went.
fn move_aside(root: &Path, dir: &Path, fingerprint: &str) -> std::io::Result<PathBuf> {
    let time = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%S%.fZ")
        .to_string();
    let aside = root.join(format!("{fingerprint}.broken-{time}"));
    match std::fs::rename(dir, &aside) {
        Ok(()) => Ok(aside),
        // Another process moved it first.
        Err(_) if !dir.exists() => Ok(aside),
        Err(e) => {
            std::fs::remove_dir_all(dir).map_err(|_| e)?;
            Ok(dir.to_path_buf())
        }
    }
}
