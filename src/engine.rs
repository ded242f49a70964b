//! The answer engine: opens corpus, config and index, and answers questions with an
//! [`Answer`]. Everything a channel needs goes through [`Engine`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::answer::compose::{self, Draft};
use crate::answer::{self, QuoteOptions, Ranked};
use crate::checks::{Checks, PassageSource};
use crate::config::{Config, ConfigError};
use crate::corpus::passage::{self, Passage};
use crate::corpus::{self, DocMeta};
use crate::model::{Answer, Neighbour, PassageView};
use crate::search::followup::{self, FollowUps};
use crate::search::index::{BuildInput, IndexError, Location, SearchIndex};
use crate::search::named::NamedThings;
use crate::search::plan::{Named, Plan, Planner};
use crate::search::rank::{Candidate, Explanation, Ranker, RegionNames};

/// Why the engine could not start. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No corpus directory was found.
    #[error(
        "geen corpus gevonden: {0} bestaat niet. Start normwijzer in de map van het project, of geef de map op met --home of NORMWIJZER_HOME"
    )]
    NoCorpus(String),
    /// `corpus` exists but is not a directory.
    #[error("{0} is geen map maar een bestand: het corpus hoort een map met documenten te zijn")]
    CorpusNotDir(String),
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
    /// When to give up on the question.
    pub budget: Budget,
    /// The earlier questions of the conversation, oldest first (a channel's thread, a web
    /// session); empty when the question stands alone. Only the last one is read: a follow-up
    /// without a subject of its own is answered together with it.
    pub previous: Vec<String>,
}

/// When a question stops being worth the work: a deadline (a request timeout) and a flag a
/// service raises on shutdown. The engine looks at it between phases and in its loops over
/// words and candidates, so a stopped question stops computing.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// Give up after this instant.
    pub deadline: Option<std::time::Instant>,
    /// Give up once this is set.
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl Budget {
    /// Whether the work should stop now.
    pub fn exhausted(&self) -> bool {
        self.deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
            || self
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// `Err(AskError::Stopped)` once the budget is exhausted.
    pub fn check(&self) -> Result<(), AskError> {
        if self.exhausted() {
            Err(AskError::Stopped)
        } else {
            Ok(())
        }
    }
}

/// Why a question got no answer. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The budget ran out (deadline or shutdown) before the answer was ready.
    #[error("het antwoord duurde te lang en is afgebroken")]
    Stopped,
}

impl AskOptions {
    /// Options for today's date in the Netherlands, whatever the machine's time zone.
    pub fn today() -> AskOptions {
        AskOptions {
            today: dutch_date(jiff::Timestamp::now()),
            max_citations: None,
            previous: Vec::new(),
            budget: Budget::default(),
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

/// The answer engine.
pub struct Engine {
    config: Config,
    docs: Vec<DocMeta>,
    /// For each index docnum, the position in `docs`.
    docnum_to_doc: Vec<Option<usize>>,
    index: Arc<SearchIndex>,
    /// Per index docnum: 1.0 for the home region, `ranking.other_region` for others.
    region_weights: Arc<Vec<f32>>,
    /// The weights when the question names the home region and another: every region counts
    /// fully.
    region_weights_named: Arc<Vec<f32>>,
    /// Every region of config/regions.toml, the home region included, with the words that
    /// name it in a question.
    regions: Vec<RegionNames>,
    /// Per region other than the home region: the weights when a question names it alone,
    /// which put it first.
    region_first: HashMap<String, Arc<Vec<f32>>>,
    planner: Planner,
    /// How a follow-up question is recognised.
    follow_ups: FollowUps,
    /// The domain's named things, for the ranking.
    named: NamedThings,
    problems: Vec<String>,
    built: bool,
    home: PathBuf,
    checks: Checks,
    /// How this engine was opened, with `home` resolved, for [`Engine::reopen`].
    opened: OpenOptions,
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
        if corpus_dir.exists() && !corpus_dir.is_dir() {
            return Err(EngineError::CorpusNotDir(corpus_dir.display().to_string()));
        }
        if !corpus_dir.is_dir() {
            return Err(EngineError::NoCorpus(corpus_dir.display().to_string()));
        }
        let config = Config::load(&home.join("config"))?;
        let (corpus, mut errors) = corpus::load_dir(&corpus_dir);
        let (corpus, invalid) = corpus::validate::check(corpus, &config.regions);
        errors.extend(invalid);
        let mut problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
        if corpus.docs.is_empty() {
            return Err(EngineError::EmptyCorpus(corpus_dir.display().to_string()));
        }
        let location = if opts.in_memory {
            Location::Ram
        } else {
            Location::Dir(opts.index_dir.clone().unwrap_or_else(|| home.join("index")))
        };
        let (index, built) = open_index(&corpus, &config, &location, &mut problems)?;
        let docs: Vec<DocMeta> = corpus.docs.iter().map(|d| d.meta.clone()).collect();
        let docnum_to_doc = docnum_to_doc(&index, &docs);
        let region_weights = Arc::new(region_weights(&docnum_to_doc, &docs, &config));
        let region_weights_named = Arc::new(vec![1.0; docnum_to_doc.len()]);
        let regions = region_names(&config);
        let region_first = region_first(&config, &docnum_to_doc, &docs);
        problems.extend(stale_search_words(&config, &index, &docs));
        let index = Arc::new(index);
        let planner = Planner::new(&index, &config);
        problems.extend(planner.shadowed_topics().iter().map(|(entry, word)| {
            format!(
                "config/words.toml: „{entry}” staat onder other_rules, maar de documenten of de configuratie gebruiken het („{word}”); het telt daarom niet als onderwerp buiten de documenten. Haal het weg of maak het preciezer"
            )
        }));
        let follow_ups = FollowUps::new(&config.words.follow_up, &config.synonyms);
        let named = NamedThings::new(&config.synonyms);
        let checks = Checks::load(&config, &docs, Arc::new(IndexPassages(index.clone())))?;
        Ok(Engine {
            config,
            docs,
            docnum_to_doc,
            index,
            region_weights,
            region_weights_named,
            regions,
            region_first,
            planner,
            follow_ups,
            named,
            problems,
            built,
            opened: OpenOptions {
                home: Some(home.clone()),
                ..opts.clone()
            },
            home,
            checks,
        })
    }

    /// Answers one fixed question and drops the answer, so that the first question a user
    /// asks does not pay for compiling the patterns of the question analysis and the checks
    /// (a few milliseconds, once per process). For what answers many questions (the
    /// services, `chat`, `eval`); a one-shot command pays the same cost either way.
    pub fn warm_up(&self) {
        let opts = AskOptions {
            today: jiff::civil::date(2026, 1, 1),
            max_citations: None,
            budget: Budget::default(),
            previous: Vec::new(),
        };
        // Whatever it answers, or fails to: the question that matters comes next.
        let _ = self.ask(
            "Hoe lang heeft de school na een aanmelding, en wanneer moet een OPP?",
            &opts,
        );
    }

    /// Opens a new engine from the same project directory and index location as this one,
    /// with the corpus and config as they are on disk now: the index for a changed corpus is
    /// built next to this engine's, which keeps answering meanwhile. Verified as at start-up
    /// (rules against passages, config ranges); an error leaves this engine as it was.
    pub fn reopen(&self) -> Result<Engine, EngineError> {
        Engine::open(&self.opened)
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
    pub fn plan(&self, question: &str) -> Result<Plan, IndexError> {
        self.planner.plan(&self.index, question)
    }

    /// Answers a question: cited passages, then the deterministic checks (terms, validity,
    /// OPP) on top. Fails when the index cannot be read (a damaged index is an error, never an
    /// answer that the documents say nothing) or when the budget runs out.
    pub fn ask(&self, question: &str, opts: &AskOptions) -> Result<Answer, AskError> {
        let question = bounded(question);
        let previous = self.continues(question, opts)?;
        let in_context = previous.map(|p| followup::in_context(p, question));
        let searched = in_context.as_deref().unwrap_or(question);
        let (mut draft, subject) = self.ask_passages(searched, opts)?;
        opts.budget.check()?;
        draft.question = question.to_string();
        draft.continued = previous.map(str::to_string);
        // "mag een leerling met een opp mee op schoolreis?" asks about the trip, not the OPP:
        // a rule the question only mentions does not answer a subject the documents lack.
        let checks = match subject {
            Subject::Covered => self.checks.detect(searched, opts.today),
            Subject::Lacking => Vec::new(),
        };
        Ok(compose::finish(draft, checks))
    }

    /// The earlier question that `question` continues, if it is a follow-up without a subject
    /// of its own (see [`followup`]).
    fn continues<'a>(
        &self,
        question: &str,
        opts: &'a AskOptions,
    ) -> Result<Option<&'a str>, AskError> {
        let Some(previous) = opts.previous.last().filter(|p| !p.trim().is_empty()) else {
            return Ok(None);
        };
        if !self.follow_ups.looks_like(question)
            || crate::text::smalltalk::classify(question.trim()).is_some()
        {
            return Ok(None);
        }
        // "en wat is een arrangement?" is a definition question of its own.
        let plan = self
            .planner
            .plan(&self.index, self.follow_ups.without_cue(question))?;
        if plan.subject.is_some() || self.follow_ups.has_subject(&self.index, &plan)? {
            return Ok(None);
        }
        Ok(Some(previous.as_str()))
    }

    /// The draft reply from ranked passages alone.
    fn ask_passages(
        &self,
        question: &str,
        opts: &AskOptions,
    ) -> Result<(Draft, Subject), AskError> {
        let covered = |draft: Draft| Ok((draft, Subject::Covered));
        let q = question.trim();
        if q.chars().all(|c| !c.is_alphanumeric()) {
            return covered(compose::notice(
                question,
                "Stel een vraag over passend onderwijs, bijvoorbeeld: „wanneer moet een OPP?”"
                    .into(),
                Vec::new(),
            ));
        }
        if let Some(kind) = crate::text::smalltalk::classify(q) {
            let reply = crate::text::smalltalk::reply(kind);
            return covered(compose::notice(question, reply.into(), Vec::new()));
        }
        let plan = self.planner.plan(&self.index, q)?;
        opts.budget.check()?;
        if plan.out_of_scope.is_some() {
            return Ok((compose::abstain(question, Vec::new()), Subject::Lacking));
        }
        if plan.other_rules.is_some() {
            return Ok((compose::other_rules(question), Subject::Lacking));
        }
        // "Hoe vraag je in Rotterdam een TLV aan?": another samenwerkingsverband's rules,
        // unless the question compares with a region the documents cover.
        if let Some(place) = &plan.elsewhere
            && !self.names_corpus_region(q)
        {
            return Ok((self.elsewhere_notice(question, place), Subject::Lacking));
        }
        // The documents say nothing about one person ("werkt Sanne Jansen nog …?").
        if plan.names_unknown == Some(Named::Person) {
            return Ok((named_notice(question), Subject::Covered));
        }
        if plan.task_request {
            return covered(compose::notice(
                question,
                "Ik zoek antwoorden op vragen in de normdocumenten en citeer ze letterlijk; zelf teksten schrijven, vertalen of samenvatten doe ik niet. Stel een vraag over de regels, bijvoorbeeld: „wanneer moet een OPP?”".into(),
                Vec::new(),
            ));
        }
        let ranker = self.ranker_for(q);
        let ranked = ranker.rank(&plan, opts.today)?;
        opts.budget.check()?;
        if ranked.is_empty() {
            return covered(compose::abstain(question, Vec::new()));
        }
        let outline = ranker.outline_for(&plan, &ranked);
        let confidence = match outline {
            Some(_) => Confidence::Sure,
            None => confidence(&plan, &ranked, &self.config.settings.answer),
        };
        // A named school: the documents answer a rule that holds for every school, named by a
        // term of the domain ("mag De Zonnewijzer een leerling weigeren na aanmelding?"), as
        // well as a question with unfamiliar words must be answered; not what is particular
        // to one ("heeft De Zonnewijzer nog plek?"). A rule check may still answer the subject.
        if plan.names_unknown == Some(Named::Organisation)
            && (ranked[0].coverage < self.config.settings.answer.unfamiliar_min_coverage
                || self.named.in_text(q).is_empty())
        {
            return Ok((named_notice(question), Subject::Covered));
        }
        if let Some(thing) = &plan.named_only {
            // The sections that name it: those found for the thing alone, not for the rest of
            // the question ("welke stappen …" finds the HGW programme's steps).
            let alone = self.planner.plan(&self.index, thing)?;
            let named = ranker.rank(&alone, opts.today)?;
            let suggestions = ranker.suggestions(&self.index.searcher(), &named)?;
            return Ok((compose::named_only(question, suggestions), Subject::Covered));
        }
        if confidence == Confidence::NoValue {
            let suggestions = ranker.suggestions(&self.index.searcher(), &ranked)?;
            let kind = plan
                .offers
                .filter(|_| !plan.asks_value)
                .map(|o| o.answer_type())
                .or(plan.expects)
                .unwrap_or(crate::search::plan::AnswerType::Number);
            return Ok((
                compose::no_value(question, kind, suggestions),
                Subject::Covered,
            ));
        }
        if confidence == Confidence::NotCovered {
            let suggestions = ranker.suggestions(&self.index.searcher(), &ranked)?;
            let subject = if plan.unfamiliar_share() >= self.config.settings.answer.unfamiliar_share
            {
                Subject::Lacking
            } else {
                Subject::Covered
            };
            return Ok((compose::abstain(question, suggestions), subject));
        }
        let unsure = confidence == Confidence::Unsure;
        let chosen = self.choose(&ranked, outline.map(|(o, _)| o), unsure, opts)?;
        let mut draft = self.draft(question, chosen, &plan, outline.map(|(o, _)| o), opts);
        if unsure {
            compose::hedge(&mut draft);
        }
        covered(draft)
    }

    /// The draft of the passages chosen, opened by the headings of a series when the question
    /// asks for one.
    fn draft(
        &self,
        question: &str,
        chosen: Vec<Ranked<'_>>,
        plan: &Plan,
        outline: Option<&crate::corpus::passage::Outline>,
        opts: &AskOptions,
    ) -> Draft {
        let settings = &self.config.settings;
        let mut analyzer = self.index.analyzer();
        let mut draft = answer::assemble(
            question,
            chosen,
            plan,
            &mut analyzer,
            &QuoteOptions {
                today: opts.today,
                home_region: &settings.home_region,
                max_quote_chars: settings.answer.max_quote_chars,
            },
        );
        if let Some(o) = outline {
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
    /// ranked candidates that come close enough to the best, at most `max_citations`.
    fn choose(
        &self,
        ranked: &[Candidate],
        outline: Option<&crate::corpus::passage::Outline>,
        unsure: bool,
        opts: &AskOptions,
    ) -> Result<Vec<Ranked<'_>>, IndexError> {
        let settings = &self.config.settings;
        let max = opts
            .max_citations
            .unwrap_or(settings.answer.max_citations)
            .max(1);
        let searcher = self.index.searcher();
        let Some(best) = ranked.first() else {
            return Ok(Vec::new());
        };
        let mut chosen: Vec<Ranked<'_>> = Vec::new();
        let mut seen = HashSet::new();
        if let Some(first) = outline.and_then(|o| o.items.first())
            && let Some(p) = self.index.passage_by_id(&first.passage)?
            && let Some(meta) = self.docs.iter().find(|d| d.id == p.doc)
        {
            seen.insert(p.id.clone());
            chosen.push(Ranked {
                passage: p,
                meta,
                score: best.score,
            });
        }
        for c in ranked {
            if chosen.len() >= max {
                break;
            }
            // When unsure, the closest passages are shown side by side.
            let min_more = if unsure {
                settings.answer.min_coverage
            } else {
                settings.answer.min_coverage_more
            };
            if !chosen.is_empty()
                && (c.score < settings.answer.relative_cutoff * best.score || c.coverage < min_more)
            {
                continue;
            }
            let p = match &c.passage {
                Some(p) => p.clone(),
                None => self.index.passage(&searcher, c.addr)?,
            };
            let Some(meta) = c.doc.and_then(|d| self.docs.get(d)) else {
                continue;
            };
            if seen.insert(p.id.clone()) {
                chosen.push(Ranked {
                    passage: p,
                    meta,
                    score: c.score,
                });
            }
        }
        Ok(chosen)
    }

    /// The ranker over this engine's index, documents and settings for one question: one that
    /// names another region alone ("hoe werkt dat in Amsterdam?") puts that region first; one
    /// that names it beside the home region weighs every region fully; otherwise the home
    /// region comes first.
    fn ranker_for(&self, question: &str) -> Ranker<'_> {
        let named = self.named_regions(question);
        let home = &self.config.settings.home_region;
        let weights = match named.as_slice() {
            [] => &self.region_weights,
            [one] if one.id == *home => &self.region_weights,
            [one] => self
                .region_first
                .get(&one.id)
                .unwrap_or(&self.region_weights_named),
            _ => &self.region_weights_named,
        };
        Ranker::new(
            &self.index,
            &self.docs,
            &self.docnum_to_doc,
            weights,
            &self.config.settings,
        )
        .naming(&self.named)
        .regions(&self.regions)
    }

    /// The regions of the corpus a question names, the home region included.
    fn named_regions(&self, question: &str) -> Vec<&RegionNames> {
        self.regions
            .iter()
            .filter(|r| crate::text::words(question).any(|(_, w)| r.words.contains(&w)))
            .collect()
    }

    /// Whether a question names any region whose documents are in the corpus, the home
    /// region included.
    fn names_corpus_region(&self, question: &str) -> bool {
        !self.named_regions(question).is_empty()
    }

    /// The reply to a question about a place outside the corpus's regions: which regions the
    /// documents are about, and who knows the rules there.
    fn elsewhere_notice(&self, question: &str, place: &str) -> Draft {
        let settings = &self.config.settings;
        let name = |id: &str| {
            self.config
                .regions
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.to_string())
        };
        let others: Vec<String> = self
            .config
            .regions
            .keys()
            .filter(|id| **id != settings.home_region)
            .map(|id| name(id))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            [one] => format!(" (en ter vergelijking {one})"),
            [rest @ .., last] => format!(" (en ter vergelijking {} en {last})", rest.join(", ")),
        };
        let place = capitalised(place);
        compose::notice(
            question,
            format!(
                "Ik vind hierover niets in de documenten: ze gaan over passend onderwijs in {}{also}, niet over {place}. Wat daar geldt, weet het samenwerkingsverband in {place}.",
                name(&settings.home_region)
            ),
            Vec::new(),
        )
    }

    /// How a question was read and scored, for `ask --uitleg`: the plan and the `top` best
    /// candidates with their scores.
    pub fn explain(
        &self,
        question: &str,
        today: Date,
        top: usize,
    ) -> Result<Explanation, IndexError> {
        self.ranker_for(question)
            .explain(self.plan(question)?, today, top)
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

    /// Passage ids that resemble `id`, nearest first, for "not found" replies: ids within a
    /// few typing errors (`anb#zorgplict-1` → `anb#zorgplicht-1`), else passages of the
    /// document (or of the document whose id is nearest) whose section resembles the one typed.
    pub fn similar_ids(&self, id: &str) -> Vec<String> {
        /// An id's section slug without its number: `zorgplicht` for `anb#zorgplicht-12`.
        fn section(rest: &str) -> &str {
            rest.trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('-')
        }
        const MAX: usize = 3;
        let id = crate::text::passage_id(id);
        let (doc, rest) = id.split_once('#').unwrap_or((id.as_str(), ""));
        // The document typed, or the nearest document ids when it does not exist.
        let docs: Vec<&str> = if self.docs.iter().any(|d| d.id == doc) {
            vec![doc]
        } else {
            let mut near: Vec<(usize, &str)> = self
                .docs
                .iter()
                .map(|d| (strsim::damerau_levenshtein(doc, &d.id), d.id.as_str()))
                .filter(|(dist, d)| *dist <= 2.max(d.chars().count() / 3))
                .collect();
            near.sort();
            near.into_iter().take(2).map(|(_, d)| d).collect()
        };
        let typed_section = section(rest);
        let mut by_id: Vec<(usize, usize, String)> = Vec::new();
        let mut by_section: Vec<(usize, usize, String)> = Vec::new();
        for d in docs {
            let Ok(all) = self.index.document_passages(d) else {
                continue;
            };
            for (pos, p) in all.iter().enumerate() {
                let dist = strsim::damerau_levenshtein(&id, &p.id);
                if dist <= 3.max(id.chars().count() / 5) {
                    by_id.push((dist, pos, p.id.clone()));
                }
                let own = section(p.id.split_once('#').map_or("", |(_, r)| r));
                if !typed_section.is_empty() {
                    let contains = own.contains(typed_section) || typed_section.contains(own);
                    let dist = if contains {
                        0
                    } else {
                        strsim::damerau_levenshtein(typed_section, own)
                    };
                    if dist <= 2.max(typed_section.chars().count() / 3) {
                        by_section.push((dist, pos, p.id.clone()));
                    }
                }
            }
        }
        by_id.sort();
        by_section.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, candidate) in by_id.into_iter().chain(by_section) {
            if out.len() == MAX {
                break;
            }
            if candidate != id && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
        out
    }

    /// All passages of a document, in order.
    pub fn document_passages(&self, doc: &str) -> Result<Vec<Passage>, IndexError> {
        self.index.document_passages(doc)
    }

    /// A passage id shared from an older version of its document (kept in `archive/` next to
    /// `corpus/`), with the passage it became now; `None` when no archived version has it.
    pub fn earlier_passage(&self, id: &str) -> Option<corpus::versions::Earlier> {
        let id = crate::text::passage_id(id.trim());
        let doc = id.split('#').next().unwrap_or_default();
        let current = self.document_passages(doc).unwrap_or_default();
        corpus::versions::earlier_version(&self.home().join("archive"), &id, &current)
    }
}

/// The index for this corpus and config at `location`, built when there is none yet or when
/// the one on disk is damaged. A directory that cannot be written (a read-only checkout) gives
/// an index in memory; what happened is one Dutch sentence in `problems`. Returns whether the
/// index was built.
fn open_index(
    corpus: &corpus::Corpus,
    config: &Config,
    location: &Location,
    problems: &mut Vec<String>,
) -> Result<(SearchIndex, bool), IndexError> {
    let fingerprint = fingerprint(corpus, config.dir.as_deref());
    let doc_ids: Vec<String> = corpus.docs.iter().map(|d| d.meta.id.clone()).collect();
    let titles: HashMap<String, String> = corpus
        .docs
        .iter()
        .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
        .collect();
    let mut passages: Vec<Passage> = Vec::new();
    let dictionary = std::sync::OnceLock::new();
    let mut open_at = |location: &Location| {
        SearchIndex::open_or_build(location, &fingerprint, &config.words, || {
            if passages.is_empty() {
                use rayon::prelude::*;
                let per_doc: Vec<Vec<Passage>> =
                    corpus.docs.par_iter().map(passage::split).collect();
                passages = per_doc.into_iter().flatten().collect();
            }
            BuildInput {
                passages: &passages,
                doc_ids: doc_ids.clone(),
                titles: titles.clone(),
                words: &config.words,
                search_words: &config.search_words,
                dictionary: dictionary
                    .get_or_init(|| Arc::new(config.dictionary()))
                    .clone(),
                fingerprint: fingerprint.clone(),
            }
        })
    };
    let (index, opened) = match open_at(location) {
        // A build that fails half-way on disk (a full disk, say) still gives an answer.
        Err(e @ IndexError::Io { .. }) if !matches!(location, Location::Ram) => {
            tracing::warn!("zoekindex op schijf mislukt: {}", e.detail());
            problems.push(format!(
                "{e}; de zoekindex wordt nu alleen in het geheugen opgebouwd"
            ));
            open_at(&Location::Ram)?
        }
        other => other?,
    };
    problems.extend(opened.notice());
    Ok((index, opened.built()))
}

/// For each document number of the index, the position of that document in `docs`.
fn docnum_to_doc(index: &SearchIndex, docs: &[DocMeta]) -> Vec<Option<usize>> {
    let position: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    index
        .info
        .doc_ids
        .iter()
        .map(|id| position.get(id.as_str()).copied())
        .collect()
}

/// Each word of a place name with a capital ("den haag" → "Den Haag").
fn capitalised(place: &str) -> String {
    place
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every region of config/regions.toml with the words of its id and name ("amsterdam",
/// "diemen"; "almere").
fn region_names(config: &Config) -> Vec<RegionNames> {
    config
        .regions
        .iter()
        .map(|(id, name)| RegionNames {
            id: id.clone(),
            words: region_words(id, name),
        })
        .collect()
}

/// Per region of config/regions.toml but the home region, per document number the weights
/// that put it first: 1.0 for its documents, `ranking.other_region` for every other region's,
/// the home region's included.
fn region_first(
    config: &Config,
    docnum_to_doc: &[Option<usize>],
    docs: &[DocMeta],
) -> HashMap<String, Arc<Vec<f32>>> {
    let settings = &config.settings;
    config
        .regions
        .keys()
        .filter(|id| **id != settings.home_region)
        .map(|id| {
            let weights = docnum_to_doc
                .iter()
                .map(|d| match d {
                    Some(i) if docs[*i].region != *id => settings.ranking.other_region,
                    _ => 1.0,
                })
                .collect();
            (id.clone(), Arc::new(weights))
        })
        .collect()
}

/// The folded words of four letters or more of a region's id and name, sorted, once each.
fn region_words(id: &str, name: &str) -> Vec<String> {
    let mut words: Vec<String> = id
        .split('-')
        .map(crate::text::fold)
        .chain(crate::text::words(name).map(|(_, w)| w))
        .filter(|w| w.len() >= 4)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Per document number: 1.0 for the home region, `ranking.other_region` for the others.
fn region_weights(docnum_to_doc: &[Option<usize>], docs: &[DocMeta], config: &Config) -> Vec<f32> {
    let settings = &config.settings;
    docnum_to_doc
        .iter()
        .map(|d| match d {
            Some(i) if docs[*i].region != settings.home_region => settings.ranking.other_region,
            _ => 1.0,
        })
        .collect()
}

/// Keys of `config/zoekwoorden.toml` that name no passage of a loaded document: after a new
/// version of a document renumbers its passages their words search nothing, so each is named
/// in the start-up problems (printed at start, listed by /healthz) instead of passing silently. It does
/// not stop start-up: an edited document must not take the service down.
fn stale_search_words(config: &Config, index: &SearchIndex, docs: &[DocMeta]) -> Vec<String> {
    let mut out = Vec::new();
    for id in config.search_words.passages.keys() {
        // A document that was skipped (or removed) is reported as such; its words are moot.
        let doc = id.split('#').next().unwrap_or_default();
        if !docs.iter().any(|d| d.id == doc) || matches!(index.passage_by_id(id), Ok(Some(_))) {
            continue;
        }
        out.push(format!(
            "config/zoekwoorden.toml: passage „{id}” bestaat niet (meer) in het corpus; zoek het nieuwe id op met `normwijzer passages` of haal de regel weg"
        ));
    }
    out
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
    if let Some(dir) = config_dir {
        files.extend(config_files(dir, "config", &["toml"]));
        files.extend(config_files(
            &dir.join("lexicon"),
            "config/lexicon",
            &[
                crate::text::lexicon::LEMMAS,
                crate::text::lexicon::FREQUENCIES,
                crate::text::lexicon::WORDLIST,
                crate::text::lexicon::NAMES,
            ],
        ));
    }
    crate::search::index::fingerprint(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
}

/// The files of `dir` that the index depends on: those with one of `accept` as extension or
/// as whole name, sorted, each named `<label>/<file name>`.
fn config_files(dir: &Path, label: &str, accept: &[&str]) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    names
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let ext = p.extension().unwrap_or_default().to_string_lossy();
            accept.iter().any(|a| *a == name || *a == ext)
        })
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            Some((format!("{label}/{name}"), bytes))
        })
        .collect()
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

/// Whether the documents treat what a question is about, as far as the passages tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// They do, or nothing says they do not.
    Covered,
    /// The question names a topic the documents never cover, or its own clause rests on a
    /// word they lack that the best passage leaves out.
    Lacking,
}

/// How sure the best passage answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confidence {
    /// It contains enough of what is asked.
    Sure,
    /// The documents treat the subject, but the passage may not answer the question itself.
    Unsure,
    /// The documents do not cover the subject.
    NotCovered,
    /// The question asks for a value (an amount, a frequency, a time) that no passage near the
    /// subject states.
    NoValue,
}

/// Calibrated on tests/fixtures/chat-tune.toml: too little of the question in the best passage,
/// or an unfamiliar word in the question itself that the passage leaves out, means the subject
/// is not covered; a middling share gives the closest passages with a caveat.
fn confidence(plan: &Plan, ranked: &[Candidate], s: &crate::config::AnswerSettings) -> Confidence {
    let lead = &ranked[0];
    let coverage = lead.coverage;
    let by_coverage = if coverage < s.min_coverage
        || (plan.everyday_unknown && coverage < s.everyday_min_coverage)
        || (plan.unfamiliar_share() >= s.unfamiliar_share && coverage < s.unfamiliar_min_coverage)
    {
        Confidence::NotCovered
    } else if coverage < s.sure_coverage {
        Confidence::Unsure
    } else {
        Confidence::Sure
    };
    // "Hoeveel euro …", "hoe vaak komt …": a passage that states no amount or frequency where
    // it meets the question does not answer it, however well it matches the words. When none
    // of the best three does, the documents do not give the value; when a lower one does, the
    // lead is only the closest match.
    // A choice between values ("een week of twee weken?") the best three never state
    // anywhere: the documents do not give it.
    if let Some(kind) = plan.offers.filter(|_| !plan.asks_value) {
        let stated = ranked.iter().take(3).any(|c| {
            c.coverage >= s.min_coverage
                && c.passage.as_ref().is_some_and(|p| kind.found_in(p.text()))
        });
        return match by_coverage {
            Confidence::NotCovered => Confidence::NotCovered,
            _ if !stated => Confidence::NoValue,
            other => other,
        };
    }
    if plan.asks_value && !lead.typed {
        let stated = ranked
            .iter()
            .take(3)
            .any(|c| c.typed && c.coverage >= s.min_coverage);
        if stated {
            match by_coverage {
                Confidence::Sure => Confidence::Unsure,
                other => other,
            }
        } else if by_coverage == Confidence::NotCovered {
            Confidence::NotCovered
        } else {
            Confidence::NoValue
        }
    } else {
        by_coverage
    }
}

/// The reply to a question about one school or person by name. The name is not repeated: it
/// may be a pupil's, and replies can be kept.
fn named_notice(question: &str) -> Draft {
    compose::notice(
        question,
        "Ik vind hierover niets in de documenten. Ze beschrijven de regels en afspraken van passend onderwijs, niet afzonderlijke scholen, personen of organisaties; die vragen kan je consulent of de school zelf beantwoorden.".into(),
        Vec::new(),
    )
}

/// Longest question read, in bytes: a chat message that tells a whole story fits many times
/// over; anything beyond is cut (at a character boundary) so no input costs unbounded work.
pub const MAX_QUESTION_BYTES: usize = 8 * 1024;

/// The first [`MAX_QUESTION_BYTES`] of a question.
fn bounded(question: &str) -> &str {
    if question.len() <= MAX_QUESTION_BYTES {
        return question;
    }
    let mut end = MAX_QUESTION_BYTES;
    while !question.is_char_boundary(end) {
        end -= 1;
    }
    &question[..end]
}
