//! The answer engine: opens corpus, config and index, and answers questions with an
//! [`Answer`]. Everything a channel needs goes through [`Engine`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use crate::answer::compose::{self, Draft};
use crate::answer::{self, QuoteOptions, Ranked};
use crate::checks::{Checks, PassageSource};
use crate::config::{Config, ConfigError};
use crate::corpus::passage::{self, Passage};
use crate::corpus::{self, DocMeta};
use crate::model::{Answer, Neighbour, PassageView, Suggestion};
use crate::search::index::{BuildInput, IndexError, Location, SearchIndex};
use crate::search::plan::{Plan, Planner};

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
    /// current directory if it has a `corpus/`, else the nearest directory above the executable
    /// that has one (see [`find_home`]).
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
    /// Options for today's date in the Netherlands, whatever the machine's time zone.
    pub fn today() -> AskOptions {
        AskOptions {
            today: dutch_date(jiff::Timestamp::now()),
            max_citations: None,
        }
    }
}

/// The date in the Netherlands at `instant`: a term or a validity is a Dutch calendar day, and
/// a server in UTC is a day behind between midnight and 01:00 or 02:00 Dutch time.
pub fn dutch_date(instant: jiff::Timestamp) -> Date {
    // The time zone database is bundled with the binary (jiff `tzdb-bundle-always`), so this
    // does not depend on the machine having tzdata.
    let tz = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC);
    instant.to_zoned(tz).date()
}

/// Scoring of one candidate passage.
#[derive(Debug, Clone)]
pub struct Candidate {
    addr: DocAddress,
    bm25: f32,
    coverage: f32,
    score: f32,
    doc: usize,
    /// The stored passage, once read (the top candidates are read while ranking).
    passage: Option<std::sync::Arc<Passage>>,
    /// The numbered series the passage belongs to (`u64::MAX`: none).
    outline: u64,
    /// Share of the question found in the series' sections among the hits together.
    outline_coverage: f32,
}

/// Candidates re-ranked by reading their text: proximity and answer type.
const RERANK: usize = 8;

/// Passages taken from BM25 for re-ranking (at most the 64 [`SearchIndex::presence`] tells
/// apart).
const CANDIDATES: usize = 40;

/// The answer engine.
pub struct Engine {
    config: Config,
    docs: Vec<DocMeta>,
    /// For each index docnum, the position in `docs`.
    docnum_to_doc: Vec<Option<usize>>,
    index: Arc<SearchIndex>,
    /// Per index docnum: 1.0 for the home region, `ranking.other_region` for others.
    region_weights: Arc<Vec<f32>>,
    planner: Planner,
    problems: Vec<String>,
    built: bool,
    home: PathBuf,
    checks: Checks,
}

/// The index as the checks see it: passages by id and by document.
pub struct IndexPassages(pub Arc<SearchIndex>);

impl PassageSource for IndexPassages {
    fn passage(&self, id: &str) -> Option<Passage> {
        self.0.by_id(id).ok().flatten()
    }

    fn document(&self, doc: &str) -> Vec<Passage> {
        self.0.document_passages(doc).unwrap_or_default()
    }
}

/// Finds the project directory, the folder with `corpus/`, `config/` and `index/`, in this
/// order:
///
/// 1. `explicit` (`--home`);
/// 2. `NORMWIJZER_HOME`;
/// 3. the current directory, if it has a `corpus/`;
/// 4. the nearest directory above the running program that has a `corpus/`: a binary in
///    `target/release/` of a checkout finds that checkout from any folder, as `cargo run` from a
///    subfolder does, while an installed copy finds nothing of the machine it was built on;
/// 5. otherwise the current directory, so that [`Engine::open`] says there is no corpus where the
///    user is and how to point to the project, instead of quietly answering from another one.
///
/// The path is where the project is looked for, not a promise that it exists.
pub fn find_home(explicit: Option<&Path>) -> PathBuf {
    if let Some(h) = explicit {
        return h.to_path_buf();
    }
    if let Some(h) = std::env::var_os("NORMWIJZER_HOME") {
        return PathBuf::from(h);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if cwd.join("corpus").is_dir() {
        return cwd;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .skip(1)
                .find(|dir| dir.join("corpus").is_dir())
                .map(Path::to_path_buf)
        })
        .unwrap_or(cwd)
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
        let doc_ids: Vec<String> = corpus.docs.iter().map(|d| d.meta.id.clone()).collect();
        let titles: HashMap<String, String> = corpus
            .docs
            .iter()
            .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
            .collect();
        let mut passages: Vec<Passage> = Vec::new();
        let mut open_at = |location: &Location| {
            SearchIndex::open_or_build(location, &fingerprint, &config.words, || {
                if passages.is_empty() {
                    passages = {
                        use rayon::prelude::*;
                        let per_doc: Vec<Vec<Passage>> =
                            corpus.docs.par_iter().map(passage::split).collect();
                        per_doc.into_iter().flatten().collect()
                    };
                }
                BuildInput {
                    passages: &passages,
                    doc_ids: doc_ids.clone(),
                    titles: titles.clone(),
                    words: &config.words,
                    fingerprint: fingerprint.clone(),
                }
            })
        };
        let mut problems = problems;
        let (index, built) = match open_at(&location) {
            // A read-only checkout still answers: the index then lives in memory.
            Err(IndexError::Io { path, .. }) if !matches!(location, Location::Ram) => {
                problems.push(format!(
                    "de zoekindex kan niet worden opgeslagen in {path}; hij wordt nu alleen in het geheugen opgebouwd"
                ));
                open_at(&Location::Ram)?
            }
            other => other?,
        };
        let docs: Vec<DocMeta> = corpus.docs.iter().map(|d| d.meta.clone()).collect();
        let position: HashMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let docnum_to_doc: Vec<Option<usize>> = index
            .info
            .doc_ids
            .iter()
            .map(|id| position.get(id.as_str()).copied())
            .collect();
        let index = Arc::new(index);
        let region_weights = Arc::new(
            docnum_to_doc
                .iter()
                .map(|d| match d {
                    Some(i) if docs[*i].region != config.settings.home_region => {
                        config.settings.ranking.other_region
                    }
                    _ => 1.0,
                })
                .collect(),
        );
        let planner = Planner::new(&index, &config);
        let checks = Checks::load(&config, &docs, Arc::new(IndexPassages(index.clone())))?;
        Ok(Engine {
            config,
            docs,
            docnum_to_doc,
            index,
            region_weights,
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
    pub fn checks(&self) -> &Checks {
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
        let draft = self.ask_passages(question, opts);
        compose::finish(draft, self.checks.detect(question, opts.today))
    }

    /// The draft reply from ranked passages alone.
    fn ask_passages(&self, question: &str, opts: &AskOptions) -> Draft {
        let q = question.trim();
        if q.chars().all(|c| !c.is_alphanumeric()) {
            return compose::notice(
                question,
                "Stel een vraag over passend onderwijs, bijvoorbeeld: „wanneer moet een OPP?”"
                    .into(),
                Vec::new(),
            );
        }
        let plan = self.planner.plan(&self.index, q);
        if plan.out_of_scope.is_some() {
            return compose::abstain(question, Vec::new());
        }
        if plan.task_request {
            return compose::notice(
                question,
                "Ik zoek antwoorden op vragen in de normdocumenten en citeer ze letterlijk; zelf teksten schrijven, vertalen of samenvatten doe ik niet. Stel een vraag over de regels, bijvoorbeeld: „wanneer moet een OPP?”".into(),
                Vec::new(),
            );
        }
        let settings = &self.config.settings;
        let ranked = self.rank(&plan, opts.today);
        let Some(best) = ranked.first().cloned() else {
            return compose::abstain(question, Vec::new());
        };
        let searcher = self.index.searcher();
        let outline = self.outline_for(&plan, &ranked);
        if best.coverage < settings.answer.min_coverage && outline.is_none() {
            return compose::abstain(question, self.suggestions(&searcher, &ranked));
        }
        let max = opts
            .max_citations
            .unwrap_or(settings.answer.max_citations)
            .max(1);
        let chosen = self.choose(&ranked, outline.map(|(o, _)| o), max);
        let mut analyzer = self.index.analyzer();
        let mut draft = answer::assemble(
            question,
            chosen,
            &plan,
            &mut analyzer,
            &QuoteOptions {
                today: opts.today,
                home_region: &settings.home_region,
                max_quote_chars: settings.answer.max_quote_chars,
            },
        );
        if let Some((o, _)) = outline {
            let title = self
                .docs
                .iter()
                .find(|d| d.id == o.doc)
                .map_or("", |d| d.title.as_str());
            draft.blocks.insert(0, answer::outline_block(o, title));
        }
        draft
    }

    /// The passages to cite: a series question opens with the series' first section; then the
    /// ranked candidates that come close enough to the best, at most `max`.
    fn choose(
        &self,
        ranked: &[Candidate],
        outline: Option<&crate::corpus::passage::Outline>,
        max: usize,
    ) -> Vec<Ranked<'_>> {
        let settings = &self.config.settings;
        let searcher = self.index.searcher();
        let Some(best) = ranked.first() else {
            return Vec::new();
        };
        let mut chosen: Vec<Ranked<'_>> = Vec::new();
        let mut seen = HashSet::new();
        if let Some(o) = outline
            && let Some(first) = o.items.first()
            && let Ok(Some(p)) = self.index.by_id(&first.passage)
            && let Some(meta) = self.docs.iter().find(|d| d.id == p.doc)
        {
            seen.insert(p.id.clone());
            chosen.push(Ranked {
                passage: Arc::new(p),
                meta,
                score: best.score,
            });
        }
        for c in ranked {
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
            let p = match &c.passage {
                Some(p) => p.clone(),
                None => match self.index.passage(&searcher, c.addr) {
                    Ok(p) => p,
                    Err(_) => continue,
                },
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
        chosen
    }

    /// For "welke stappen / niveaus / treden": the numbered series whose sections rank best,
    /// when the question is well enough covered (no unknown subject, most words found).
    fn outline_for<'a>(
        &'a self,
        plan: &Plan,
        ranked: &[Candidate],
    ) -> Option<(&'a crate::corpus::passage::Outline, f32)> {
        let keyword = plan.enumerates.as_deref()?;
        let content: f32 = plan.content().map(|c| c.weight).sum();
        let unknown: f32 = plan.content().filter(|c| !c.known).map(|c| c.weight).sum();
        if content <= 0.0 || unknown / content > 0.3 {
            return None;
        }
        let min = self.config.settings.answer.min_coverage * 0.8;
        ranked
            .iter()
            .filter(|c| c.outline_coverage >= min)
            .find_map(|c| {
                let o = self
                    .index
                    .info
                    .outlines
                    .get(usize::try_from(c.outline).ok()?)?;
                (o.keyword == keyword).then_some((o, c.score))
            })
    }

    /// How a question was read and scored, for `ask --uitleg`: the plan and the top candidates
    /// as `(passage id, bm25, coverage, final score)`.
    pub fn explain(
        &self,
        question: &str,
        today: Date,
        top: usize,
    ) -> (Plan, Vec<(String, f32, f32, f32)>) {
        let plan = self.planner.plan(&self.index, question);
        let searcher = self.index.searcher();
        let rows = self
            .rank(&plan, today)
            .into_iter()
            .take(top)
            .map(|c| {
                let id = self
                    .index
                    .passage(&searcher, c.addr)
                    .map(|p| p.id.clone())
                    .unwrap_or_default();
                (id, c.bm25, c.coverage, c.score)
            })
            .collect();
        (plan, rows)
    }

    /// Candidates ranked by final score.
    fn rank(&self, plan: &Plan, today: Date) -> Vec<Candidate> {
        let searcher = self.index.searcher();
        let Some(query) = self.build_query(&searcher, plan) else {
            return Vec::new();
        };
        // Scores already carry the region preference (`region_weights`).
        let hits =
            self.index
                .search_weighted(&searcher, query.as_ref(), CANDIDATES, &self.region_weights);
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
        // One pass over the posting lists: per field, which candidates contain which terms.
        let fields = [f.body, f.section, f.term, f.title, f.lead];
        let per_field = self.index.presence(&searcher, &addrs, &fields, &terms);
        let anywhere: Vec<u64> = (0..terms.len())
            .map(|t| per_field[0][t] | per_field[1][t] | per_field[2][t] | per_field[3][t])
            .collect();
        let as_term = &per_field[2];
        let in_lead = &per_field[4];
        let known_total: f32 = plan.content().filter(|c| c.known).map(|c| c.weight).sum();
        let bit = |masks: &[u64], term: &str, k: usize| -> bool {
            terms
                .iter()
                .position(|t| *t == term)
                .is_some_and(|i| masks[i] & (1 << k) != 0)
        };
        // How well candidate `k` expresses a concept: 1 for the word as typed, less through a
        // synonym or compound parts, 0 when absent.
        let matches = |masks: &[u64], c: &crate::search::plan::Concept, k: usize| -> f32 {
            c.alternatives
                .iter()
                .filter(|a| a.terms.iter().all(|t| bit(masks, t, k)))
                .map(|a| a.boost.min(1.0))
                .fold(0.0, f32::max)
        };
        let total: f32 = plan.content().map(|c| c.weight).sum();
        let docnums = self.index.fast_u64(&searcher, "docnum", &addrs);
        let ordinals = self.index.fast_u64(&searcher, "ordinal", &addrs);
        let lists = self.index.fast_u64(&searcher, "list", &addrs);
        let outlines = self.index.fast_u64(&searcher, "outline", &addrs);
        let r = &self.config.settings.ranking;
        let mut out: Vec<Candidate> = hits
            .iter()
            .enumerate()
            .map(|(k, (bm25, addr))| {
                let covered: f32 = plan
                    .content()
                    .map(|c| c.weight * matches(&anywhere, c, k))
                    .sum();
                let coverage = if total > 0.0 { covered / total } else { 0.0 };
                let doc = self
                    .docnum_to_doc
                    .get(docnums[k] as usize)
                    .copied()
                    .flatten()
                    .unwrap_or(usize::MAX);
                // The region preference is in `bm25` already (`search_weighted`).
                let mut factor = 1.0;
                if let Some(meta) = self.docs.get(doc) {
                    factor *= match meta.status(today) {
                        corpus::Status::Verlopen { .. } => r.expired,
                        corpus::Status::Vervangen { .. } => r.superseded,
                        _ => 1.0,
                    };
                }
                // "Wat is een ZAT?": the passage that names ZAT as its term answers it (most of
                // the subject's weight must be named there).
                let subject_total: f32 = plan
                    .subject_concepts
                    .iter()
                    .map(|&i| plan.concepts[i].weight)
                    .sum();
                let subject_named: f32 = plan
                    .subject_concepts
                    .iter()
                    .map(|&i| plan.concepts[i].weight * matches(as_term, &plan.concepts[i], k))
                    .sum();
                let defines_subject = subject_total > 0.0 && subject_named / subject_total >= 0.6;
                if defines_subject {
                    factor *= 1.6;
                }
                // A list whose lead-in and heading name what is asked is the enumeration the
                // question wants ("Bij een effectieve ondersteuningsstructuur is er sprake van:").
                let lead_cover: f32 = plan
                    .content()
                    .filter(|c| c.known)
                    .map(|c| c.weight * matches(in_lead, c, k))
                    .sum();
                if known_total > 0.0 && lead_cover / known_total >= 0.6 {
                    factor *= 1.3;
                }
                // The passage that opens a section states its main point; later ones elaborate.
                if ordinals[k] > 1 {
                    factor *= 0.95;
                }
                let score = bm25 * coverage.powi(2) * factor;
                Candidate {
                    addr: *addr,
                    bm25: *bm25,
                    coverage,
                    score,
                    doc,
                    passage: None,
                    outline: outlines[k],
                    outline_coverage: 0.0,
                }
            })
            .collect();
        // A series ("stap 1" … "stap 7") answers a question when its sections together cover it.
        if plan.enumerates.is_some() {
            let mut union: std::collections::HashMap<u64, Vec<f32>> =
                std::collections::HashMap::new();
            for (k, o) in outlines.iter().enumerate() {
                if *o == u64::MAX {
                    continue;
                }
                let found = union
                    .entry(*o)
                    .or_insert_with(|| vec![0.0; plan.concepts.len()]);
                for (i, c) in plan.concepts.iter().enumerate() {
                    found[i] = found[i].max(matches(&anywhere, c, k));
                }
            }
            for c in &mut out {
                if let Some(found) = union.get(&c.outline)
                    && total > 0.0
                {
                    let covered: f32 = plan
                        .concepts
                        .iter()
                        .zip(found)
                        .filter(|(c, _)| !c.filler)
                        .map(|(c, f)| c.weight * f)
                        .sum();
                    c.outline_coverage = covered / total;
                }
            }
        }
        // A list split for length is still one list: its chunks share the best chunk's score,
        // and the first chunk is cited first.
        let mut best_of_list: std::collections::HashMap<u64, f32> =
            std::collections::HashMap::new();
        for (k, c) in out.iter().enumerate() {
            if lists[k] != u64::MAX {
                let e = best_of_list.entry(lists[k]).or_insert(0.0);
                *e = e.max(c.score);
            }
        }
        for (k, c) in out.iter_mut().enumerate() {
            if let Some(best) = best_of_list.get(&lists[k]) {
                c.score = best * (1.0 - 0.001 * ordinals[k].min(100) as f32);
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.bm25.total_cmp(&a.bm25)));
        self.rerank_by_text(&mut out, plan, total);
        out
    }

    /// Reads the best candidates and favours those with one sentence (or list item) that
    /// expresses the whole question, and, when the question asks "wanneer" or "hoeveel", one
    /// that contains a time or a number.
    fn rerank_by_text(&self, out: &mut [Candidate], plan: &Plan, total: f32) {
        if total <= 0.0 {
            return;
        }
        let searcher = self.index.searcher();
        let mut analyzer = self.index.analyzer();
        let n = out.len().min(RERANK);
        for c in out[..n].iter_mut() {
            let Ok(p) = self.index.passage(&searcher, c.addr) else {
                continue;
            };
            let units = crate::search::units::units(&p, &mut analyzer);
            let scores = crate::search::units::unit_scores(&units, plan);
            let content: f32 = plan
                .content()
                .map(|x| x.weight)
                .sum::<f32>()
                .max(f32::EPSILON);
            let mut best = 0.0f32;
            let mut typed = false;
            for (u, score) in units.iter().map(|u| &u.range).zip(&scores) {
                let cov = (score / content).min(1.0);
                best = best.max(cov);
                if let Some(t) = plan.expects
                    && cov > 0.0
                    && t.found_in(&p.text()[u.clone()])
                {
                    typed = true;
                }
            }
            let concentration = if c.coverage > 0.0 {
                (best / c.coverage).min(1.0)
            } else {
                0.0
            };
            c.score *= 0.6 + 0.4 * concentration;
            if typed {
                c.score *= 1.2;
            }
            c.passage = Some(p);
        }
        out[..n].sort_by(|a, b| b.score.total_cmp(&a.score).then(b.bm25.total_cmp(&a.bm25)));
    }

    /// The tantivy query: per concept the best of its alternatives, each term searched in text,
    /// section titles and glossary terms with their weights.
    fn build_query(&self, searcher: &tantivy::Searcher, plan: &Plan) -> Option<Box<dyn Query>> {
        let f = self.index.fields;
        let r = &self.config.settings.ranking;
        // Glossary terms and defined subjects only count for "wat is X" questions.
        let term_boost = if plan.subject.is_some() {
            r.term_boost
        } else {
            0.0
        };
        let fields = [
            (f.body, 1.0),
            (f.section, r.section_boost),
            (f.term, term_boost),
            (f.title, r.title_boost),
        ];
        // Only the fields that hold the term: every disjunction costs a union scorer with
        // buffers of its own, which on a small index is most of the search time.
        let term_query = |term: &str| -> Option<Box<dyn Query>> {
            let mut per_field: Vec<Box<dyn Query>> = fields
                .iter()
                .filter(|(field, boost)| {
                    *boost > 0.0 && self.index.doc_freq(searcher, *field, term) > 0
                })
                .map(|(field, boost)| {
                    let q = TermQuery::new(
                        Term::from_field_text(*field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    Box::new(BoostQuery::new(Box::new(q), *boost)) as Box<dyn Query>
                })
                .collect();
            match per_field.len() {
                0 => None,
                1 => per_field.pop(),
                _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    per_field, 0.3,
                ))),
            }
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, c) in plan.concepts.iter().enumerate() {
            let mut alts: Vec<Box<dyn Query>> = c
                .alternatives
                .iter()
                .filter(|a| !a.terms.is_empty())
                .filter_map(|a| {
                    let q: Box<dyn Query> = if a.terms.len() == 1 {
                        term_query(&a.terms[0])?
                    } else {
                        // An intersection with an absent term matches nothing.
                        let parts: Option<Vec<Box<dyn Query>>> =
                            a.terms.iter().map(|t| term_query(t)).collect();
                        Box::new(BooleanQuery::intersection(parts?))
                    };
                    Some(Box::new(BoostQuery::new(q, a.boost * a.scale)) as Box<dyn Query>)
                })
                .collect();
            let mut boost = if c.filler { 0.3 } else { 1.0 };
            if plan.subject_concepts.contains(&i) {
                boost *= 1.5;
            }
            let q: Box<dyn Query> = match alts.len() {
                0 => continue,
                1 => alts.pop()?,
                _ => Box::new(DisjunctionMaxQuery::new(alts)),
            };
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        match clauses.len() {
            0 => None,
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        }
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

    /// A passage by id, with its document's status on `today` and the passages around it.
    /// Ids are matched exactly, then ignoring case and surrounding spaces or brackets.
    pub fn passage(&self, id: &str, today: Date) -> Result<Option<PassageView>, IndexError> {
        let id = crate::text::passage_id(id);
        let Some(p) = self.index.by_id(&id)? else {
            return Ok(None);
        };
        let Some(meta) = self.docs.iter().find(|d| d.id == p.doc) else {
            return Ok(None);
        };
        let all = self.index.document_passages(&p.doc)?;
        let pos = all.iter().position(|x| x.id == p.id);
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| all.get(i)).map(|x| Neighbour {
                id: x.id.clone(),
                text: x.text().to_string(),
            })
        };
        let home = &self.config.settings.home_region;
        Ok(Some(PassageView {
            id: p.id.clone(),
            doc: p.doc.clone(),
            title: meta.title.clone(),
            section: p.section(),
            text: p.text().to_string(),
            source_range: p.source_range(),
            region: meta.region.clone(),
            status: meta.status(today),
            warnings: corpus::status::warnings(meta, today, home),
            previous: neighbour(pos.and_then(|i| i.checked_sub(1))),
            next: neighbour(pos.map(|i| i + 1)),
        }))
    }

    /// Passage ids that resemble `id` (same document, similar section), for "not found" replies.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        let id = crate::text::passage_id(id);
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
    crate::search::index::fingerprint(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
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
    fn today_is_the_dutch_date() {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam (winter time), and 22:30 UTC
        // on 30 June is 00:30 on 1 July (summer time).
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(
            dutch_date(at("2026-03-01T23:30:00Z")),
            jiff::civil::date(2026, 3, 2)
        );
        assert_eq!(
            dutch_date(at("2026-06-30T22:30:00Z")),
            jiff::civil::date(2026, 7, 1)
        );
        assert_eq!(
            dutch_date(at("2026-03-01T22:30:00Z")),
            jiff::civil::date(2026, 3, 1)
        );
    }
}
