//! The answer engine: opens corpus, config and index, and answers questions with an
//! [`Answer`]. Everything a channel needs goes through [`Engine`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use crate::answer::{self, Answer, Ranked, Suggestion};
use crate::config::{Config, ConfigError};
use crate::corpus::{self, DocMeta};
use crate::index::{BuildInput, IndexError, Location, SearchIndex};
use crate::passage::{self, Passage};
use crate::query::{Plan, Planner};

/// Why the engine could not start. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No corpus directory was found.
    #[error(
        "geen corpus gevonden: {0} bestaat niet. Start normwijzer in de map van het project, of geef de map op met --home of NORMWIJZER_HOME"
    )]
    NoCorpus(String),
    /// The corpus has no usable document.
    #[error("het corpus in {0} bevat geen bruikbaar document")]
    EmptyCorpus(String),
    /// A config file is broken.
    #[error("configuratie: {0}")]
    Config(#[from] ConfigError),
    /// The index could not be opened or built.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Where the engine finds its files.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Project directory with `corpus/`, `config/` and `index/`. Default: `NORMWIJZER_HOME`, the
    /// current directory if it has a `corpus/`, else the directory the crate was built in.
    pub home: Option<PathBuf>,
    /// Keep the index in memory instead of `index/` (tests, read-only installs).
    pub in_memory: bool,
    /// Index directory other than `<home>/index`.
    pub index_dir: Option<PathBuf>,
}

/// Per-question options.
#[derive(Debug, Clone)]
pub struct AskOptions {
    /// The day the answer is for (document status, relative dates).
    pub today: Date,
    /// Citations at most (default from config).
    pub max_citations: Option<usize>,
}

impl AskOptions {
    /// Options for today's date on this machine.
    pub fn today() -> AskOptions {
        AskOptions {
            today: jiff::Zoned::now().date(),
            max_citations: None,
        }
    }
}

/// A passage with its surroundings, for `bron`.
#[derive(Debug, Clone)]
pub struct PassageView {
    /// The passage.
    pub passage: Passage,
    /// Its document.
    pub meta: DocMeta,
    /// The passage before it in the document.
    pub previous: Option<Passage>,
    /// The passage after it.
    pub next: Option<Passage>,
}

/// Scoring of one candidate passage.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    addr: DocAddress,
    bm25: f32,
    coverage: f32,
    score: f32,
    doc: usize,
}

/// The answer engine.
pub struct Engine {
    config: Config,
    docs: Vec<DocMeta>,
    /// For each index docnum, the position in `docs`.
    docnum_to_doc: Vec<Option<usize>>,
    index: SearchIndex,
    planner: Planner,
    problems: Vec<String>,
    built: bool,
    home: PathBuf,
    checks: crate::checks::Checks,
}

/// Finds the project directory.
pub fn find_home(explicit: Option<&Path>) -> PathBuf {
    if let Some(h) = explicit {
        return h.to_path_buf();
    }
    if let Some(h) = std::env::var_os("NORMWIJZER_HOME") {
        return PathBuf::from(h);
    }
    if let Ok(cwd) = std::env::current_dir()
        && cwd.join("corpus").is_dir()
    {
        return cwd;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Engine {
    /// Opens the engine, building the index if the corpus or config changed.
    pub fn open(opts: &OpenOptions) -> Result<Engine, EngineError> {
        let home = find_home(opts.home.as_deref());
        let corpus_dir = home.join("corpus");
        if !corpus_dir.is_dir() {
            return Err(EngineError::NoCorpus(corpus_dir.display().to_string()));
        }
        let config = Config::load(&home.join("config"))?;
        let (corpus, errors) = corpus::load_dir(&corpus_dir);
        let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
        if corpus.docs.is_empty() {
            return Err(EngineError::EmptyCorpus(corpus_dir.display().to_string()));
        }
        let fingerprint = fingerprint(&corpus, config.dir.as_deref());
        let location = if opts.in_memory {
            Location::Ram
        } else {
            Location::Dir(opts.index_dir.clone().unwrap_or_else(|| home.join("index")))
        };
        let mut passages_store = Vec::new();
        let doc_ids: Vec<String> = corpus.docs.iter().map(|d| d.meta.id.clone()).collect();
        let (index, built) =
            SearchIndex::open_or_build(&location, &fingerprint, &config.words, || {
                passages_store = corpus.docs.iter().flat_map(passage::split).collect();
                BuildInput {
                    passages: &passages_store,
                    doc_ids: doc_ids.clone(),
                    words: &config.words,
                    fingerprint: fingerprint.clone(),
                }
            })?;
        let docs: Vec<DocMeta> = corpus.docs.iter().map(|d| d.meta.clone()).collect();
        let docnum_to_doc = index
            .info
            .doc_ids
            .iter()
            .map(|id| docs.iter().position(|d| &d.id == id))
            .collect();
        let planner = Planner::new(&index, &config);
        let checks = crate::checks::Checks::load(&config, &docs, &index)?;
        Ok(Engine {
            config,
            docs,
            docnum_to_doc,
            index,
            planner,
            problems,
            built,
            home,
            checks,
        })
    }

    /// Problems found while loading (broken corpus files), as Dutch sentences.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Whether this open built the index.
    pub fn built_index(&self) -> bool {
        self.built
    }

    /// Documents served, sorted by id.
    pub fn documents(&self) -> &[DocMeta] {
        &self.docs
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Deterministic checks (terms, validity, OPP), verified against the corpus at open.
    pub fn checks(&self) -> &crate::checks::Checks {
        &self.checks
    }

    /// Project directory.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The index (for statistics and tools).
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Plans a question without answering it (for diagnostics).
    pub fn plan(&self, question: &str) -> Plan {
        self.planner.plan(&self.index, question)
    }

    /// Answers a question: cited passages, then the deterministic checks (terms, validity,
    /// OPP) on top.
    pub fn ask(&self, question: &str, opts: &AskOptions) -> Answer {
        let answer = self.ask_passages(question, opts);
        self.checks.apply(question, opts.today, answer)
    }

    /// The answer from ranked passages alone.
    fn ask_passages(&self, question: &str, opts: &AskOptions) -> Answer {
        let q = question.trim();
        if q.chars().all(|c| !c.is_alphanumeric()) {
            let mut a = answer::abstain(question, Vec::new());
            a.answer =
                "Stel een vraag over passend onderwijs, bijvoorbeeld: „wanneer moet een OPP?”"
                    .into();
            a.body = a.answer.clone();
            return a;
        }
        let plan = self.planner.plan(&self.index, q);
        let settings = &self.config.settings;
        let max = opts
            .max_citations
            .unwrap_or(settings.answer.max_citations)
            .max(1);
        let ranked = self.rank(&plan, opts.today);
        let Some(best) = ranked.first().copied() else {
            return answer::abstain(question, Vec::new());
        };
        let searcher = self.index.searcher();
        if best.coverage < settings.answer.min_coverage {
            return answer::abstain(question, self.suggestions(&searcher, &ranked));
        }
        let mut chosen: Vec<Ranked<'_>> = Vec::new();
        let mut seen = HashSet::new();
        for c in &ranked {
            if chosen.len() >= max {
                break;
            }
            let first = chosen.is_empty();
            if !first
                && (c.score < settings.answer.relative_cutoff * best.score
                    || c.coverage < settings.answer.min_coverage_more)
            {
                continue;
            }
            let Ok(p) = self.index.passage(&searcher, c.addr) else {
                continue;
            };
            if !seen.insert(p.id.clone()) {
                continue;
            }
            let Some(meta) = self.docs.get(c.doc) else {
                continue;
            };
            chosen.push(Ranked {
                passage: p,
                meta,
                score: c.score,
            });
        }
        let mut analyzer = self.index.analyzer();
        answer::assemble(
            question,
            chosen,
            &plan,
            &mut analyzer,
            opts.today,
            &settings.home_region,
            settings.answer.max_quote_chars,
        )
    }

    /// Candidates ranked by final score.
    fn rank(&self, plan: &Plan, today: Date) -> Vec<Candidate> {
        let Some(query) = self.build_query(plan) else {
            return Vec::new();
        };
        let searcher = self.index.searcher();
        let hits = self.index.search(&searcher, query.as_ref(), 40);
        if hits.is_empty() {
            return Vec::new();
        }
        let addrs: Vec<DocAddress> = hits.iter().map(|(_, a)| *a).collect();
        let f = self.index.fields;
        // Which candidates contain which terms.
        let mut terms: Vec<&str> = Vec::new();
        for c in &plan.concepts {
            for a in &c.alternatives {
                for t in &a.terms {
                    if !terms.contains(&t.as_str()) {
                        terms.push(t);
                    }
                }
            }
        }
        let anywhere = self
            .index
            .presence(&searcher, &addrs, &[f.body, f.section, f.term], &terms);
        let as_term = self.index.presence(&searcher, &addrs, &[f.term], &terms);
        let bit = |masks: &[u64], term: &str, k: usize| -> bool {
            terms
                .iter()
                .position(|t| *t == term)
                .is_some_and(|i| masks[i] & (1 << k) != 0)
        };
        let matches = |masks: &[u64], c: &crate::query::Concept, k: usize| -> bool {
            c.alternatives
                .iter()
                .any(|a| a.terms.iter().all(|t| bit(masks, t, k)))
        };
        let total: f32 = plan.content().map(|c| c.weight).sum();
        let docnums = self.index.docnums(&searcher, &addrs);
        let r = &self.config.settings.ranking;
        let home = &self.config.settings.home_region;
        let mut out: Vec<Candidate> = hits
            .iter()
            .enumerate()
            .map(|(k, (bm25, addr))| {
                let covered: f32 = plan
                    .content()
                    .filter(|c| matches(&anywhere, c, k))
                    .map(|c| c.weight)
                    .sum();
                let coverage = if total > 0.0 { covered / total } else { 0.0 };
                let doc = self
                    .docnum_to_doc
                    .get(docnums[k])
                    .copied()
                    .flatten()
                    .unwrap_or(usize::MAX);
                let mut factor = 1.0;
                if let Some(meta) = self.docs.get(doc) {
                    if meta.region != *home {
                        factor *= r.other_region;
                    }
                    factor *= match meta.status(today) {
                        corpus::Status::Verlopen { .. } => r.expired,
                        corpus::Status::Vervangen { .. } => r.superseded,
                        _ => 1.0,
                    };
                }
                // "Wat is een ZAT?": the passage that names ZAT as its term answers it.
                let defines_subject = !plan.subject_concepts.is_empty()
                    && plan
                        .subject_concepts
                        .iter()
                        .all(|&i| matches(&as_term, &plan.concepts[i], k));
                if defines_subject {
                    factor *= 1.6;
                }
                let score = bm25 * coverage.powi(2) * factor;
                Candidate {
                    addr: *addr,
                    bm25: *bm25,
                    coverage,
                    score,
                    doc,
                }
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.bm25.total_cmp(&a.bm25)));
        out
    }

    /// The tantivy query: per concept the best of its alternatives, each term searched in text,
    /// section titles and glossary terms with their weights.
    fn build_query(&self, plan: &Plan) -> Option<Box<dyn Query>> {
        let f = self.index.fields;
        let r = &self.config.settings.ranking;
        let term_query = |term: &str| -> Box<dyn Query> {
            let fields = [
                (f.body, 1.0),
                (f.section, r.section_boost),
                (f.term, r.term_boost),
            ];
            let per_field: Vec<Box<dyn Query>> = fields
                .iter()
                .map(|(field, boost)| {
                    let q = TermQuery::new(
                        Term::from_field_text(*field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    Box::new(BoostQuery::new(Box::new(q), *boost)) as Box<dyn Query>
                })
                .collect();
            Box::new(DisjunctionMaxQuery::with_tie_breaker(per_field, 0.3))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, c) in plan.concepts.iter().enumerate() {
            let alts: Vec<Box<dyn Query>> = c
                .alternatives
                .iter()
                .filter(|a| !a.terms.is_empty())
                .map(|a| {
                    let q: Box<dyn Query> = if a.terms.len() == 1 {
                        term_query(&a.terms[0])
                    } else {
                        Box::new(BooleanQuery::intersection(
                            a.terms.iter().map(|t| term_query(t)).collect(),
                        ))
                    };
                    Box::new(BoostQuery::new(q, a.boost)) as Box<dyn Query>
                })
                .collect();
            if alts.is_empty() {
                continue;
            }
            let mut boost = if c.filler { 0.3 } else { 1.0 };
            if plan.subject_concepts.contains(&i) {
                boost *= 1.5;
            }
            let q = Box::new(DisjunctionMaxQuery::new(alts));
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        if clauses.is_empty() {
            return None;
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Nearest sections, offered when abstaining.
    fn suggestions(&self, searcher: &tantivy::Searcher, ranked: &[Candidate]) -> Vec<Suggestion> {
        let mut out: Vec<Suggestion> = Vec::new();
        for c in ranked.iter().filter(|c| c.coverage > 0.0).take(10) {
            if out.len() >= 3 {
                break;
            }
            let Ok(p) = self.index.passage(searcher, c.addr) else {
                continue;
            };
            let section = p.section();
            if out.iter().any(|s| s.doc == p.doc && s.section == section) {
                continue;
            }
            let title = self
                .docs
                .get(c.doc)
                .map(|d| d.title.clone())
                .unwrap_or_default();
            out.push(Suggestion {
                doc: p.doc.clone(),
                title,
                section,
                passage: p.id.clone(),
            });
        }
        out
    }

    /// A passage by id, with the passages around it. Ids are matched exactly, then ignoring
    /// case and surrounding spaces or brackets.
    pub fn passage(&self, id: &str) -> Result<Option<PassageView>, IndexError> {
        let id = normalize_id(id);
        let Some(p) = self.index.by_id(&id)? else {
            return Ok(None);
        };
        let Some(meta) = self.docs.iter().find(|d| d.id == p.doc).cloned() else {
            return Ok(None);
        };
        let all = self.index.document_passages(&p.doc)?;
        let pos = all.iter().position(|x| x.id == p.id);
        let previous = pos
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| all.get(i))
            .cloned();
        let next = pos.and_then(|i| all.get(i + 1)).cloned();
        Ok(Some(PassageView {
            passage: p,
            meta,
            previous,
            next,
        }))
    }

    /// Passage ids that resemble `id` (same document, similar section), for "not found" replies.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        let id = normalize_id(id);
        let (doc, rest) = id.split_once('#').unwrap_or((id.as_str(), ""));
        let Ok(all) = self.index.document_passages(doc) else {
            return Vec::new();
        };
        let stem: String = rest
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            .to_string();
        let mut out: Vec<String> = all
            .iter()
            .filter(|p| !stem.is_empty() && p.id.contains(&stem))
            .map(|p| p.id.clone())
            .collect();
        if out.is_empty() {
            out = all.iter().take(3).map(|p| p.id.clone()).collect();
        }
        out.truncate(5);
        out
    }

    /// All passages of a document, in order.
    pub fn document_passages(&self, doc: &str) -> Result<Vec<Passage>, IndexError> {
        self.index.document_passages(doc)
    }
}

/// `<ANB#Zorgplicht-1>` → `anb#zorgplicht-1`.
pub fn normalize_id(id: &str) -> String {
    id.trim()
        .trim_matches(|c: char| {
            matches!(
                c,
                '<' | '>' | '`' | '"' | '\'' | '(' | ')' | '[' | ']' | '„' | '”'
            )
        })
        .trim()
        .to_lowercase()
}

/// Fingerprint of what the index depends on: documents (as loaded) and config files.
fn fingerprint(corpus: &corpus::Corpus, config_dir: Option<&Path>) -> String {
    let mut files: Vec<(String, Vec<u8>)> = corpus
        .docs
        .iter()
        .map(|d| {
            let mut bytes = serde_json::to_vec(&d.meta).unwrap_or_default();
            bytes.extend_from_slice(d.text.as_bytes());
            (format!("corpus/{}", d.meta.id), bytes)
        })
        .collect();
    if let Some(dir) = config_dir
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            if p.extension().is_some_and(|e| e == "toml")
                && let Ok(bytes) = std::fs::read(&p)
            {
                files.push((
                    format!(
                        "config/{}",
                        p.file_name().unwrap_or_default().to_string_lossy()
                    ),
                    bytes,
                ));
            }
        }
    }
    crate::index::fingerprint(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }

    #[test]
    fn ids_are_normalized() {
        assert_eq!(normalize_id("  <ANB#Zorgplicht-1> "), "anb#zorgplicht-1");
        assert_eq!(normalize_id("`anb#zat-1`"), "anb#zat-1");
    }
}
