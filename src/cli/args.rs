//! What a user can type: the clap definitions, with the Dutch help `normwijzer --help` shows.
//!
//! Only parsing lives here; each command's file under `cli/` does the work. The help texts are
//! part of the interface: `--help` is where a user learns where the project is looked for.

use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// The whole command line.
#[derive(Parser)]
#[command(
    name = "normwijzer",
    version,
    about = "Geciteerde antwoorden uit de normdocumenten van passend onderwijs in Almere"
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: where the project is and whether the index may be written.
#[derive(Args)]
pub struct Global {
    /// Projectmap met corpus/, config/ en index/. Zonder --home: NORMWIJZER_HOME, anders de
    /// huidige map als die een map corpus/ heeft, anders de dichtstbijzijnde map boven het
    /// programma met een map corpus/ (zoals de projectmap bij target/release/normwijzer)
    #[arg(
        long,
        global = true,
        env = "NORMWIJZER_HOME",
        hide_env = true,
        value_name = "MAP"
    )]
    pub home: Option<PathBuf>,
    /// Houd de zoekindex alleen in het geheugen (schrijft niets naar index/)
    #[arg(long, global = true)]
    pub in_memory: bool,
}

/// The subcommands, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Stel een vraag: "normwijzer ask 'wanneer moet een OPP?'"
    Ask(AskArgs),
    /// Interactieve sessie: één vraag per regel, "stop" om te eindigen
    Chat(ChatArgs),
    /// Toon een passage met haar context: "normwijzer bron anb#zorgplicht-1"
    Bron(BronArgs),
    /// Toon hoe een document in passages is verdeeld (voor wie documenten toevoegt)
    Passages(PassagesArgs),
    /// Reken een termijn uit: "normwijzer termijn zorgplicht 2026-03-02"; zonder termijn: de lijst
    Termijn(TermijnArgs),
    /// Alle documenten met hun geldigheid op een datum
    Bronnen(BronnenArgs),
    /// Bouw de zoekindex (opnieuw)
    Index,
    /// Controleer documenten en config zonder iets te starten (voor een commit); exit 1 bij fouten
    Controleer,
    /// Zet een PDF, Word-bestand (DOCX) of webpagina (HTML) om naar een document in corpus/:
    /// "normwijzer importeer kaart.pdf --id themakaart-x"
    Importeer(ImporteerArgs),
    /// Wat er veranderde tussen twee versies: "normwijzer wijzigingen archive/anb-2024.txt anb"
    Wijzigingen(WijzigingenArgs),
    /// Start een dienst die blijft draaien: "normwijzer serve http" of "normwijzer serve discord"
    Serve {
        /// Which service.
        #[command(subcommand)]
        what: ServeWhat,
    },
    /// Hulpmiddelen voor benchmarks (zie BENCHMARKS.md)
    Bench {
        /// Which tool.
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Meet de kwaliteit op een vragenbestand (formaat van tests/fixtures/dev.toml)
    Eval(EvalArgs),
    /// Rapport uit de feedback: citaten en 👍/👎 per onderdeel, niet-gevonden per kanaal en
    /// (als vraagteksten bewaard worden) onbeantwoorde vragen per onderwerp
    Rapport(RapportArgs),
}

impl Command {
    /// A long-running service, which logs its requests (never their content).
    pub fn is_service(&self) -> bool {
        matches!(self, Command::Serve { .. })
    }
}

/// `normwijzer importeer`.
#[derive(Args)]
pub struct ImporteerArgs {
    /// Het bestand: PDF, DOCX of HTML (het formaat wordt aan de inhoud herkend)
    #[arg(value_name = "BESTAND")]
    pub bestand: PathBuf,
    /// Document-id: kleine letters, cijfers en streepjes; wordt ook de bestandsnaam
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Titel zoals gepubliceerd
    #[arg(long, value_name = "TITEL")]
    pub title: Option<String>,
    /// Wie het document uitgaf
    #[arg(long, value_name = "UITGEVER")]
    pub issuer: Option<String>,
    /// Regio (samenwerkingsverband), zoals in config/regions.toml
    #[arg(long, value_name = "REGIO")]
    pub region: Option<String>,
    /// Soort document (beleidsdocument, themakaart, ...)
    #[arg(long, value_name = "SOORT")]
    pub kind: Option<String>,
    /// Sectoren, met komma's: "po,vo"
    #[arg(long, value_name = "SECTOREN", value_delimiter = ',')]
    pub sectors: Vec<String>,
    /// Publicatiedatum (JJJJ, JJJJ-MM of JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub published: Option<String>,
    /// Laatste geldige dag (JJJJ, JJJJ-MM of JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub valid_until: Option<String>,
    /// Map om in te schrijven (zonder: corpus/ van het project)
    #[arg(long, value_name = "MAP")]
    pub uit: Option<PathBuf>,
    /// Overschrijf een bestaand document met dezelfde id
    #[arg(long)]
    pub overschrijf: bool,
}

/// `normwijzer ask`.
#[derive(Args)]
pub struct AskArgs {
    /// De vraag
    #[arg(required = true, num_args = 1.., value_name = "VRAAG")]
    pub vraag: Vec<String>,
    /// Antwoord als één JSON-object
    #[arg(long)]
    pub json: bool,
    /// Datum waarop het antwoord geldt (JJJJ-MM-DD), voor reproduceerbare antwoorden
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
    /// Hoeveel bronnen ten hoogste: 1 of meer (0 wordt geweigerd); zonder: de instelling in
    /// config/normwijzer.toml (3)
    #[arg(long, value_name = "AANTAL")]
    pub max: Option<usize>,
    /// Toon ook hoe de vraag is gelezen en gescoord (voor beheerders)
    #[arg(long)]
    pub uitleg: bool,
}

/// `normwijzer chat`.
#[derive(Args)]
pub struct ChatArgs {
    /// Datum waarop de antwoorden gelden (JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
}

/// `normwijzer bron`.
#[derive(Args)]
pub struct BronArgs {
    /// Passage-id zoals in een citaat
    #[arg(value_name = "ID")]
    pub id: String,
    /// Als JSON
    #[arg(long)]
    pub json: bool,
    /// Datum voor de status van het document (JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
}

/// `normwijzer passages`.
#[derive(Args)]
pub struct PassagesArgs {
    /// Document-id (zonder: alle documenten)
    #[arg(value_name = "DOCUMENT")]
    pub doc: Option<String>,
}

/// `normwijzer wijzigingen`.
#[derive(Args)]
pub struct WijzigingenArgs {
    /// De oude versie: een document-id in corpus/ of het pad van een documentbestand
    #[arg(value_name = "OUD")]
    pub old: String,
    /// De nieuwe versie: een document-id in corpus/ of het pad van een documentbestand
    #[arg(value_name = "NIEUW")]
    pub new: String,
    /// Als JSON
    #[arg(long)]
    pub json: bool,
}

/// `normwijzer termijn`.
#[derive(Args)]
pub struct TermijnArgs {
    /// Welke termijn (zie `normwijzer termijn --list`)
    #[arg(value_name = "TERMIJN")]
    pub termijn: Option<String>,
    /// Startdatum: 2026-03-02, "2 maart 2026", 2-3-2026, 16.03.2026, 2026/03/16, vandaag,
    /// gisteren, eergisteren, "vorige week maandag", "afgelopen vrijdag"
    #[arg(num_args = 0.., value_name = "DATUM")]
    pub datum: Vec<String>,
    /// Als JSON
    #[arg(long)]
    pub json: bool,
    /// Toon de bekende termijnen
    #[arg(long)]
    pub list: bool,
    /// Datum van vandaag (JJJJ-MM-DD), voor "vandaag", "gisteren" en datums zonder jaar
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
}

/// `normwijzer bronnen`.
#[derive(Args)]
pub struct BronnenArgs {
    /// Als JSON
    #[arg(long)]
    pub json: bool,
    /// Datum waarop de status geldt (JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
}

/// `normwijzer rapport`.
#[derive(Args)]
pub struct RapportArgs {
    /// Alleen wat sinds deze datum is bewaard: 2026-03-02, "2 maart 2026", 2-3-2026
    #[arg(long, value_name = "DATUM")]
    pub sinds: Option<String>,
    /// Als JSON
    #[arg(long)]
    pub json: bool,
}

/// `normwijzer eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// Vragenbestand(en); bij meer dan één volgt een overzicht per bestand
    #[arg(required = true, num_args = 1.., value_name = "BESTAND")]
    pub files: Vec<PathBuf>,
    /// Als JSON
    #[arg(long)]
    pub json: bool,
    /// Elke vraag zo vaak stellen voor de latentiemeting (standaard 20)
    #[arg(
        long,
        default_value_t = 20,
        hide_default_value = true,
        value_name = "AANTAL"
    )]
    pub repeat: usize,
    /// Datum waarop de antwoorden gelden (JJJJ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub today: Option<String>,
}

/// What `serve` starts.
#[derive(Subcommand)]
pub enum ServeWhat {
    /// Discord-bot (token uit DISCORD_TOKEN of een tokenbestand; zie docs/discord.md)
    Discord(DiscordArgs),
    /// HTTP-service: Teams-webhook, Discord-interacties, JSON-API, /healthz en /metrics.
    /// Geheimen uit de omgeving: TEAMS_HMAC_SECRET en DISCORD_PUBLIC_KEY
    Http(HttpArgs),
}

/// `normwijzer serve discord`.
#[derive(Args)]
pub struct DiscordArgs {
    /// Registreer de opdrachten op deze server (direct zichtbaar); zonder: globaal
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..), value_name = "ID")]
    pub guild: Option<u64>,
    /// Andere basis-URL voor de Discord-API (proxy of testomgeving)
    #[arg(long, env = "NORMWIJZER_DISCORD_API", hide = true, value_name = "URL")]
    pub api_base: Option<String>,
    /// Beantwoord vermeldingen in het kanaal zelf in plaats van in een draad
    #[arg(long)]
    pub no_threads: bool,
}

/// `normwijzer serve http`.
#[derive(Args)]
pub struct HttpArgs {
    /// Adres en poort om op te luisteren (standaard 127.0.0.1:8080)
    #[arg(
        long,
        default_value = "127.0.0.1:8080",
        hide_default_value = true,
        value_name = "ADRES"
    )]
    pub addr: String,
}

/// What `bench` does.
#[derive(Subcommand)]
pub enum BenchWhat {
    /// Maak een groot synthetisch corpus uit de meegeleverde documenten (nieuwe id's en regio's,
    /// gehusselde secties, licht gewijzigde woorden), met config/, voor schaalmetingen
    Corpus(CorpusArgs),
}

/// `normwijzer bench corpus`.
#[derive(Args)]
pub struct CorpusArgs {
    /// Grootte van het corpus: 20MB, 800KB, 1500000 (bytes) of 10x (keer het meegeleverde)
    #[arg(long, value_name = "GROOTTE")]
    pub size: String,
    /// Map waarin corpus/ en config/ komen (moet leeg of nieuw zijn)
    #[arg(long, value_name = "MAP")]
    pub out: PathBuf,
    /// Startwaarde van de toevalsgenerator: zelfde waarde, zelfde corpus (standaard 1)
    #[arg(
        long,
        default_value_t = 1,
        hide_default_value = true,
        value_name = "GETAL"
    )]
    pub seed: u64,
}

/// The help layout with Dutch words where clap has English ones: `Gebruik`, `Opdrachten`,
/// `Argumenten`, `Opties`, and `-h`/`--help` and `-V`/`--version` described in Dutch.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// The whole command line, with clap's own words in Dutch (see [`HELP_TEMPLATE`]).
pub fn command() -> clap::Command {
    let mut cmd = dutch(Cli::command()).disable_version_flag(true).arg(
        Arg::new("versie")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Toon de versie")
            .help_heading(OPTIONS),
    );
    cmd.build();
    dutch_usage(&mut cmd);
    cmd
}

/// Parses the process's arguments with the Dutch [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

/// Parses `args` (the program name first) with the Dutch [`command`].
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// The heading of options in `--help`.
const OPTIONS: &str = "Opties";

/// Template, headings and a Dutch help flag for `cmd` and every subcommand.
fn dutch(cmd: clap::Command) -> clap::Command {
    let names: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("hulp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp")
                .help_heading(OPTIONS),
        );
    for (name, positional) in names {
        let heading = if positional { "Argumenten" } else { OPTIONS };
        cmd = cmd.mut_arg(name, |a| a.help_heading(heading));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, dutch);
    }
    cmd
}

/// The usage line in Dutch: clap writes `[OPTIONS]` whatever the headings say.
fn dutch_usage(cmd: &mut clap::Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[OPTIES]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        dutch_usage(sub);
    }
}
