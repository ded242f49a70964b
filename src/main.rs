//! The `normwijzer` command: ask questions, chat, look up passages, evaluate, build the index.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use jiff::civil::Date;
use normwijzer::channel::terminal;
use normwijzer::engine::{AskOptions, Engine, OpenOptions};

#[derive(Parser)]
#[command(
    name = "normwijzer",
    version,
    about = "Geciteerde antwoorden uit de normdocumenten van passend onderwijs in Almere"
)]
struct Cli {
    /// Projectmap met corpus/, config/ en index/ (standaard: NORMWIJZER_HOME of de huidige map)
    #[arg(long, global = true, env = "NORMWIJZER_HOME")]
    home: Option<PathBuf>,
    /// Houd de zoekindex alleen in het geheugen (schrijft niets naar index/)
    #[arg(long, global = true)]
    in_memory: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Stel een vraag: "normwijzer ask 'wanneer moet een OPP?'"
    Ask {
        /// De vraag
        #[arg(required = true, num_args = 1..)]
        vraag: Vec<String>,
        /// Antwoord als één JSON-object
        #[arg(long)]
        json: bool,
        /// Datum waarop het antwoord geldt (JJJJ-MM-DD), voor reproduceerbare antwoorden
        #[arg(long)]
        today: Option<String>,
        /// Hoeveel bronnen ten hoogste
        #[arg(long)]
        max: Option<usize>,
        /// Toon ook hoe de vraag is gelezen en gescoord (voor beheerders)
        #[arg(long)]
        uitleg: bool,
    },
    /// Interactieve sessie: één vraag per regel, "stop" om te eindigen
    Chat {
        /// Datum waarop de antwoorden gelden (JJJJ-MM-DD)
        #[arg(long)]
        today: Option<String>,
    },
    /// Toon een passage met haar context: "normwijzer bron anb#zorgplicht-1"
    Bron {
        /// Passage-id zoals in een citaat
        id: String,
        /// Als JSON
        #[arg(long)]
        json: bool,
        /// Datum voor de status van het document (JJJJ-MM-DD)
        #[arg(long)]
        today: Option<String>,
    },
    /// Toon hoe een document in passages is verdeeld (voor wie documenten toevoegt)
    Passages {
        /// Document-id (zonder: alle documenten)
        doc: Option<String>,
    },
    /// Reken een termijn uit: "normwijzer termijn zorgplicht 2026-03-02"; zonder termijn: de lijst
    Termijn {
        /// Welke termijn (zie `normwijzer termijn --list`)
        termijn: Option<String>,
        /// Startdatum: 2026-03-02, "2 maart 2026", 2-3-2026, 02/03/2026, vandaag, gisteren
        #[arg(num_args = 0..)]
        datum: Vec<String>,
        /// Als JSON
        #[arg(long)]
        json: bool,
        /// Toon de bekende termijnen
        #[arg(long)]
        list: bool,
        /// Datum van vandaag (JJJJ-MM-DD), voor "vandaag", "gisteren" en datums zonder jaar
        #[arg(long)]
        today: Option<String>,
    },
    /// Alle documenten met hun geldigheid op een datum
    Bronnen {
        /// Als JSON
        #[arg(long)]
        json: bool,
        /// Datum waarop de status geldt (JJJJ-MM-DD)
        #[arg(long)]
        today: Option<String>,
    },
    /// Bouw de zoekindex (opnieuw)
    Index,
    /// Start een dienst die blijft draaien: "normwijzer serve http" of "normwijzer serve discord"
    Serve {
        #[command(subcommand)]
        what: ServeWhat,
    },
    /// Hulpmiddelen voor benchmarks (zie BENCHMARKS.md)
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Meet de kwaliteit op een vragenbestand (formaat van tests/fixtures/dev.toml)
    Eval {
        /// Vragenbestand
        file: PathBuf,
        /// Als JSON
        #[arg(long)]
        json: bool,
        /// Elke vraag zo vaak stellen voor de latentiemeting
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// Datum waarop de antwoorden gelden (JJJJ-MM-DD)
        #[arg(long)]
        today: Option<String>,
    },
}

/// What `serve` starts.
#[derive(Subcommand)]
enum ServeWhat {
    /// Discord-bot (token uit DISCORD_TOKEN of een tokenbestand; zie docs/discord.md)
    Discord {
        /// Registreer de opdrachten op deze server (direct zichtbaar); zonder: globaal
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        guild: Option<u64>,
        /// Andere basis-URL voor de Discord-API (proxy of testomgeving)
        #[arg(long, env = "NORMWIJZER_DISCORD_API", hide = true)]
        api_base: Option<String>,
        /// Beantwoord vermeldingen in het kanaal zelf in plaats van in een draad
        #[arg(long)]
        no_threads: bool,
    },
    /// HTTP-service: Teams-webhook, Discord-interacties, JSON-API, /healthz en /metrics.
    /// Geheimen uit de omgeving: TEAMS_HMAC_SECRET en DISCORD_PUBLIC_KEY
    Http {
        /// Adres en poort om op te luisteren
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
}

/// What `bench` does.
#[derive(Subcommand)]
enum BenchWhat {
    /// Maak een groot synthetisch corpus uit de meegeleverde documenten (nieuwe id's en regio's,
    /// gehusselde secties, licht gewijzigde woorden), met config/, voor schaalmetingen
    Corpus {
        /// Grootte van het corpus: 20MB, 800KB, 1500000 (bytes) of 10x (keer het meegeleverde)
        #[arg(long)]
        size: String,
        /// Map waarin corpus/ en config/ komen (moet leeg of nieuw zijn)
        #[arg(long)]
        out: PathBuf,
        /// Startwaarde van de toevalsgenerator: zelfde waarde, zelfde corpus
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// A failure shown to the user as one Dutch sentence.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // A service logs its requests (never their content); one-shot commands only warnings.
    let default_filter = match cli.command {
        Command::Serve { .. } => "warn,normwijzer=info",
        _ => "warn",
    };
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("NORMWIJZER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    // Third-party debug output can contain message text; keep it out whatever the setting.
    for d in normwijzer::serve::discord::privacy_log_directives() {
        if let Ok(d) = d.parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("normwijzer: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// clap's messages are English; users get Dutch. Help and version print as usual.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let msg = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        ErrorKind::UnknownArgument => format!("onbekende optie {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("onbekende opdracht {}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("er ontbreekt iets: {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => {
            "geef een opdracht, bijvoorbeeld: normwijzer ask \"wanneer moet een OPP?\"".into()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "ongeldige waarde {} voor {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidUtf8 => "de invoer is geen geldige UTF-8-tekst".into(),
        _ => "de opdracht is niet goed gevormd".into(),
    };
    eprintln!("normwijzer: {msg}. Gebruik `normwijzer --help` voor hulp.");
    ExitCode::from(2)
}

fn parse_today(s: Option<&str>) -> Result<AskOptions, Failure> {
    let mut opts = AskOptions::today();
    if let Some(s) = s {
        opts.today = s.trim().parse::<Date>().map_err(|_| {
            Failure(format!(
                "ongeldige datum „{s}”: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02"
            ))
        })?;
    }
    Ok(opts)
}

fn open(cli: &Cli) -> Result<Engine, Failure> {
    let started = Instant::now();
    let engine = Engine::open(&OpenOptions {
        home: cli.home.clone(),
        in_memory: cli.in_memory,
        index_dir: None,
    })?;
    for p in engine.problems() {
        eprintln!("normwijzer: waarschuwing: {p}");
    }
    if engine.built_index() && !cli.in_memory {
        eprintln!(
            "normwijzer: zoekindex opgebouwd ({} documenten, {} passages) in {} ms",
            engine.index().info.documents,
            engine.index().len(),
            started.elapsed().as_millis()
        );
    }
    Ok(engine)
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match &cli.command {
        Command::Ask {
            vraag,
            json,
            today,
            max,
            uitleg,
        } => {
            let mut opts = parse_today(today.as_deref())?;
            opts.max_citations = *max;
            let engine = open(&cli)?;
            let question = vraag.join(" ");
            if *uitleg {
                explain(&engine, &question, &opts);
            }
            let answer = engine.ask(&question, &opts);
            if *json {
                println!("{}", serde_json::to_string(&answer)?);
            } else {
                print!("{}", terminal::answer(&answer));
            }
        }
        Command::Chat { today } => {
            let opts = parse_today(today.as_deref())?;
            let engine = open(&cli)?;
            chat(&engine, &opts)?;
        }
        Command::Bron { id, json, today } => {
            let opts = parse_today(today.as_deref())?;
            let engine = open(&cli)?;
            match engine.passage(id, opts.today)? {
                Some(view) if *json => {
                    let obj = serde_json::json!({
                        "passage": view.id,
                        "doc": view.doc,
                        "title": view.title,
                        "section": view.section,
                        "text": view.text,
                        "region": view.region,
                        "status": view.status.label(),
                        "source_range": view.source_range,
                        "previous": view.previous.as_ref().map(|x| &x.id),
                        "next": view.next.as_ref().map(|x| &x.id),
                    });
                    println!("{obj}");
                }
                Some(view) => print!("{}", terminal::passage(&view)),
                None => {
                    let similar = engine.similar_ids(id);
                    let mut msg = format!("passage „{}” bestaat niet", id.trim());
                    if !similar.is_empty() {
                        msg.push_str(&format!("; bedoelt u een van deze: {}", similar.join(", ")));
                    }
                    return Err(Failure(msg));
                }
            }
        }
        Command::Passages { doc } => {
            let engine = open(&cli)?;
            let ids: Vec<String> = match doc {
                Some(d) => vec![d.clone()],
                None => engine.documents().iter().map(|d| d.id.clone()).collect(),
            };
            if let Some(d) = doc
                && !engine.documents().iter().any(|m| &m.id == d)
            {
                return Err(Failure(format!("document „{d}” bestaat niet")));
            }
            for id in ids {
                for p in engine.document_passages(&id)? {
                    println!(
                        "── {} ({:?}, {} tekens)\n   {}",
                        p.id,
                        p.kind,
                        p.text().chars().count(),
                        p.section()
                    );
                    for line in p.text().lines() {
                        println!("   │ {line}");
                    }
                }
            }
        }
        Command::Termijn {
            termijn,
            datum,
            json,
            list,
            today,
        } => {
            let opts = parse_today(today.as_deref())?;
            let engine = open(&cli)?;
            let rules = engine.checks().termijnen();
            match termijn {
                Some(id) if !*list => {
                    if datum.is_empty() {
                        rules.get(id)?;
                        return Err(Failure(format!(
                            "geef de startdatum, bijvoorbeeld: normwijzer termijn {} 2026-03-02",
                            id.trim()
                        )));
                    }
                    let c = engine.checks().termijn(id, &datum.join(" "), opts.today)?;
                    if *json {
                        println!("{}", serde_json::to_string(&c)?);
                    } else {
                        print!("{}", terminal::computation(&c));
                    }
                }
                _ if *json => {
                    let infos: Vec<_> = rules.iter().map(|r| r.info()).collect();
                    println!("{}", serde_json::to_string(&infos)?);
                }
                _ => {
                    let infos: Vec<_> = rules.iter().map(|r| r.info()).collect();
                    print!("{}", terminal::rules(&infos))
                }
            }
        }
        Command::Bronnen { json, today } => {
            let opts = parse_today(today.as_deref())?;
            let engine = open(&cli)?;
            let statuses = engine.checks().bronnen(opts.today);
            if *json {
                println!("{}", serde_json::to_string(&statuses)?);
            } else {
                print!("{}", terminal::documents(&statuses, opts.today));
            }
        }
        Command::Index => {
            let started = Instant::now();
            let engine = open(&cli)?;
            if !engine.built_index() {
                println!(
                    "Zoekindex is al actueel ({} documenten, {} passages, vingerafdruk {}); geopend in {} ms.",
                    engine.index().info.documents,
                    engine.index().len(),
                    engine.index().info.fingerprint,
                    started.elapsed().as_millis()
                );
            } else {
                println!(
                    "Zoekindex opgebouwd: {} documenten, {} passages, vingerafdruk {}.",
                    engine.index().info.documents,
                    engine.index().len(),
                    engine.index().info.fingerprint
                );
            }
        }
        Command::Serve { what } => match what {
            ServeWhat::Http { addr } => {
                let secrets = normwijzer::serve::http::Secrets::from_env()?;
                let engine = Arc::new(open(&cli)?);
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()?;
                runtime.block_on(normwijzer::serve::http::serve(engine, addr, secrets))?;
            }
            ServeWhat::Discord {
                guild,
                api_base,
                no_threads,
            } => serve_discord(&cli, *guild, api_base.clone(), *no_threads)?,
        },
        Command::Bench {
            what: BenchWhat::Corpus { size, out, seed },
        } => {
            use normwijzer::benchgen;
            let size: benchgen::Size = size.parse()?;
            let summary = benchgen::generate(&benchgen::GenOptions {
                source: normwijzer::engine::find_home(cli.home.as_deref()),
                out: out.clone(),
                size,
                seed: *seed,
            })?;
            println!(
                "Corpus gemaakt in {}: {} documenten ({} meegeleverd, {} gemaakt), {} MB, {} regio's, startwaarde {}.",
                out.display(),
                summary.documents,
                summary.bundled,
                summary.documents - summary.bundled,
                format!("{:.1}", summary.bytes as f64 / 1e6).replace('.', ","),
                summary.regions,
                summary.seed
            );
        }
        Command::Eval {
            file,
            json,
            repeat,
            today,
        } => {
            let opts = parse_today(today.as_deref())?;
            let set = normwijzer::eval::load(file)?;
            let engine = open(&cli)?;
            let report = normwijzer::eval::run(&engine, &set, &opts, *repeat);
            if *json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_report(&report);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints how a question was read and scored (stderr), for `ask --uitleg`.
fn explain(engine: &Engine, question: &str, opts: &AskOptions) {
    let (plan, rows) = engine.explain(question, opts.today, 40);
    eprintln!("Onderwerp: {:?}", plan.subject);
    for c in &plan.concepts {
        let alts: Vec<String> = c
            .alternatives
            .iter()
            .map(|a| format!("{}×{:.2}", a.terms.join("+"), a.boost))
            .collect();
        eprintln!(
            "  {:<28} gewicht {:5.2}{}{}{} [{}]",
            c.text,
            c.weight,
            if c.filler { " vulwoord" } else { "" },
            if c.known { "" } else { " onbekend" },
            c.corrected
                .as_deref()
                .map(|w| format!(" → {w}"))
                .unwrap_or_default(),
            alts.join(" | ")
        );
    }
    for (id, bm25, cov, score) in rows {
        eprintln!("  {score:7.3}  bm25 {bm25:6.3}  dekking {cov:4.2}  {id}");
    }
}

fn serve_discord(
    cli: &Cli,
    guild: Option<u64>,
    api_base: Option<String>,
    no_threads: bool,
) -> Result<(), Failure> {
    use normwijzer::serve::discord;
    let home = normwijzer::engine::find_home(cli.home.as_deref());
    let config = discord::DiscordConfig::load(&home)?;
    let token = discord::load_token(&home, &config)?;
    let engine = open(cli)?;
    let mut opts = discord::BotOptions::new(token);
    opts.guild = guild.or(config.guild);
    opts.api_base = api_base;
    opts.threads = !no_threads && config.threads.unwrap_or(true);
    discord::run(engine, opts)?;
    Ok(())
}

fn print_report(r: &normwijzer::eval::Report) {
    println!("Vragen:        {}", r.questions);
    println!("Recall@1:      {:.3}", r.recall_at_1);
    println!("Recall@3:      {:.3}", r.recall_at_3);
    println!("MRR@3:         {:.3}", r.mrr_at_3);
    println!("Terecht niets: {}/{}", r.abstain_ok, r.abstain_total);
    println!("Andere regio:  {}/{}", r.region_ok, r.region_total);
    println!("Ten onrechte niets gevonden: {}", r.false_abstentions);
    println!(
        "Latentie (µs): p50 {} · p99 {} · max {}",
        r.latency_us.p50, r.latency_us.p99, r.latency_us.max
    );
    if !r.misses.is_empty() {
        println!("\nMissers:");
        for m in &r.misses {
            println!(
                "- {} „{}”: {} (geciteerd: {})",
                m.id,
                m.ask,
                m.problem,
                m.cited.join(", ")
            );
        }
    }
}

fn chat(engine: &Engine, opts: &AskOptions) -> Result<(), Failure> {
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        eprintln!(
            "normwijzer — stel je vraag (één per regel). „bron <id>” toont een passage, „stop” sluit af."
        );
    }
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    let mut line = String::new();
    loop {
        if interactive {
            eprint!("> ");
        }
        line.clear();
        let mut bytes = Vec::new();
        match stdin.lock().read_until(b'\n', &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(Failure(format!("kan de invoer niet lezen ({e})"))),
        }
        // A line that is not UTF-8 is read lossily rather than ending the session.
        line.push_str(&String::from_utf8_lossy(&bytes));
        let q = line.trim();
        if q.is_empty() {
            continue;
        }
        if matches!(
            q.to_lowercase().as_str(),
            "stop" | "exit" | "quit" | "doei" | ":q"
        ) {
            break;
        }
        let reply = if let Some(id) = q.strip_prefix("bron ") {
            match engine.passage(id, opts.today)? {
                Some(v) => terminal::passage(&v),
                None => format!("Passage „{}” bestaat niet.\n", id.trim()),
            }
        } else {
            terminal::answer(&engine.ask(q, opts))
        };
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
    Ok(())
}
