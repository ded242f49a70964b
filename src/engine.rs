//! The answer engine: opens corpus, config and index, and answers questions with an
//! [`Answer`]. Everything a channel needs goes through [`Engine`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::answer::{self, Answer, Ranked, Suggestion};
use crate::config::{Config, ConfigError};
use crate::corpus::passage::{self, Passage};
use crate::corpus::{self, DocMeta};
use crate::search::index::{BuildInput, IndexError, Location, SearchIndex};
use crate::search::plan::{Plan, Planner};
use crate::search::rank::{Candidate, Ranker};

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
        let checks = crate::checks::Checks::load(&config, &docs, &index)?;
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
        // TODO(lead): surface the index error.
        self.planner.plan(&self.index, question).unwrap_or_default()
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
        // TODO(lead): surface the index error.
        let plan = self.planner.plan(&self.index, q).unwrap_or_default();
        if plan.out_of_scope.is_some() {
            return answer::abstain(question, Vec::new());
        }
        if plan.task_request {
            let mut a = answer::abstain(question, Vec::new());
            a.answer = "Ik zoek antwoorden op vragen in de normdocumenten en citeer ze letterlijk; zelf teksten schrijven, vertalen of samenvatten doe ik niet. Stel een vraag over de regels, bijvoorbeeld: „wanneer moet een OPP?”".into();
            a.body = a.answer.clone();
            return a;
        }
        let settings = &self.config.settings;
        let max = opts
            .max_citations
            .unwrap_or(settings.answer.max_citations)
            .max(1);
        // TODO(lead): surface the index error.
        let ranked = self.rank(&plan, opts.today).unwrap_or_default();
        let Some(best) = ranked.first().cloned() else {
            return answer::abstain(question, Vec::new());
        };
        let searcher = self.index.searcher();
        let outline = self.outline_for(&plan, &ranked);
        if best.coverage < settings.answer.min_coverage && outline.is_none() {
            // TODO(lead): surface the index error.
            let suggestions = self.suggestions(&searcher, &ranked).unwrap_or_default();
            return answer::abstain(question, suggestions);
        }
        let mut chosen: Vec<Ranked<'_>> = Vec::new();
        let mut seen = HashSet::new();
        // A series question opens with the series' first section.
        if let Some((o, _)) = outline
            && let Some(first) = o.items.first()
            && let Ok(Some(p)) = self.index.by_id(&first.passage)
            && let Some(meta) = self.docs.iter().find(|d| d.id == p.doc)
        {
            seen.insert(p.id.clone());
            chosen.push(Ranked {
                passage: std::sync::Arc::new(p),
                meta,
                score: best.score,
            });
        }
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
            let Some(meta) = c.doc.and_then(|d| self.docs.get(d)) else {
                continue;
            };
            chosen.push(Ranked {
                passage: p,
                meta,
                score: c.score,
            });
        }
        let mut analyzer = self.index.analyzer();
        let mut reply = answer::assemble(
            question,
            chosen,
            &plan,
            &mut analyzer,
            opts.today,
            &settings.home_region,
            settings.answer.max_quote_chars,
        );
        if let Some((o, _)) = outline {
            let title = self
                .docs
                .iter()
                .find(|d| d.id == o.doc)
                .map_or("", |d| d.title.as_str());
            answer::prepend_outline(&mut reply, o, title);
        }
        reply
    }

    /// The ranker over this engine's index, documents and settings.
    fn ranker(&self) -> Ranker<'_> {
        Ranker::new(
            &self.index,
            &self.docs,
            &self.docnum_to_doc,
            &self.region_weights,
            &self.config.settings,
        )
    }

    /// For "welke stappen / niveaus / treden": the series to answer with (see
    /// [`Ranker::outline_for`]).
    fn outline_for<'a>(
        &'a self,
        plan: &Plan,
        ranked: &[Candidate],
    ) -> Option<(&'a crate::corpus::passage::Outline, f32)> {
        self.ranker().outline_for(plan, ranked)
    }

    /// How a question was read and scored, for `ask --uitleg`: the plan and the top candidates
    /// as `(passage id, bm25, coverage, final score)`.
    pub fn explain(
        &self,
        question: &str,
        today: Date,
        top: usize,
    ) -> (Plan, Vec<(String, f32, f32, f32)>) {
        let plan = self.plan(question);
        // TODO(lead): return `search::rank::Explanation` (and the index error) once main.rs
        // reads the struct.
        match self.ranker().explain(plan.clone(), today, top) {
            Ok(e) => (
                e.plan,
                e.rows
                    .into_iter()
                    .map(|r| (r.passage, r.bm25, r.coverage, r.score))
                    .collect(),
            ),
            Err(_) => (plan, Vec::new()),
        }
    }

    /// Candidates ranked by final score.
    fn rank(&self, plan: &Plan, today: Date) -> Result<Vec<Candidate>, IndexError> {
        self.ranker().rank(plan, today)
    }

    /// Nearest sections, offered when abstaining.
    fn suggestions(
        &self,
        searcher: &tantivy::Searcher,
        ranked: &[Candidate],
    ) -> Result<Vec<Suggestion>, IndexError> {
        self.ranker().suggestions(searcher, ranked)
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
    fn ids_are_normalized() {
        assert_eq!(normalize_id("  <ANB#Zorgplicht-1> "), "anb#zorgplicht-1");
        assert_eq!(normalize_id("`anb#zat-1`"), "anb#zat-1");
    }
}
