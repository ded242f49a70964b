//! Synthetic corpora for benchmarks: `normwijzer bench corpus --size 20MB --out DIR`.
//!
//! A national corpus (the norm documents of all 150 samenwerkingsverbanden) is not public in one
//! place, so scale is measured on a corpus made from the bundled one. The generator:
//!
//! - copies the bundled documents verbatim (the rules in `config/` cite their passages, and the
//!   dev questions keep their answers), and `config/` as is;
//! - cuts every bundled document into its sections as [`crate::corpus::passage::split`] sees them, each
//!   section as the raw source lines it spans (headings, lists and noise included, so the
//!   splitter finds the same kind of structure in the new documents);
//! - writes new documents, each modelled on one bundled document: its sections in order, some
//!   dropped, some swapped with their neighbour, some replaced by a section of another document,
//!   one or two rounds; under a new id, region (one of 150 made-up samenwerkingsverbanden with
//!   the names of Dutch towns), issuer, dates and status;
//! - perturbs words a little: Almere becomes the document's town, about 3 in 100 longer words
//!   become another corpus word and 1 in 100 get a typo-like edit (so the vocabulary grows as a
//!   real corpus's would, instead of repeating the same few thousand words).
//!
//! Everything is drawn from a small seeded generator, so a seed and a size give the same bytes
//! on every machine.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::corpus::passage;
use crate::corpus::{self, DocMeta, Document, PartialDate};

/// Chance that a section of the model document is left out.
const P_DROP: f64 = 0.10;
/// Chance that a section is swapped with the next one.
const P_SWAP_SECTION: f64 = 0.10;
/// Chance that a section is replaced by a random section of any bundled document.
const P_FOREIGN: f64 = 0.15;
/// Chance that a lowercase word of four or more letters becomes another corpus word.
const P_WORD: f64 = 0.03;
/// Chance that such a word gets a typo-like edit (a new word for the vocabulary).
const P_TYPO: f64 = 0.01;

/// Towns that name the made-up samenwerkingsverbanden: (slug, as written). Each gets a `po` and
/// a `vo` region, 150 regions in all, about as many as the Netherlands has.
const TOWNS: [(&str, &str); 75] = [
    ("utrecht", "Utrecht"),
    ("rotterdam", "Rotterdam"),
    ("den-haag", "Den Haag"),
    ("eindhoven", "Eindhoven"),
    ("groningen", "Groningen"),
    ("tilburg", "Tilburg"),
    ("breda", "Breda"),
    ("nijmegen", "Nijmegen"),
    ("apeldoorn", "Apeldoorn"),
    ("haarlem", "Haarlem"),
    ("arnhem", "Arnhem"),
    ("enschede", "Enschede"),
    ("amersfoort", "Amersfoort"),
    ("zaanstad", "Zaanstad"),
    ("den-bosch", "Den Bosch"),
    ("zwolle", "Zwolle"),
    ("leiden", "Leiden"),
    ("maastricht", "Maastricht"),
    ("dordrecht", "Dordrecht"),
    ("zoetermeer", "Zoetermeer"),
    ("deventer", "Deventer"),
    ("delft", "Delft"),
    ("alkmaar", "Alkmaar"),
    ("venlo", "Venlo"),
    ("leeuwarden", "Leeuwarden"),
    ("helmond", "Helmond"),
    ("hilversum", "Hilversum"),
    ("emmen", "Emmen"),
    ("heerlen", "Heerlen"),
    ("oss", "Oss"),
    ("roosendaal", "Roosendaal"),
    ("gouda", "Gouda"),
    ("purmerend", "Purmerend"),
    ("schiedam", "Schiedam"),
    ("lelystad", "Lelystad"),
    ("hoorn", "Hoorn"),
    ("vlaardingen", "Vlaardingen"),
    ("assen", "Assen"),
    ("bergen-op-zoom", "Bergen op Zoom"),
    ("capelle", "Capelle"),
    ("veenendaal", "Veenendaal"),
    ("katwijk", "Katwijk"),
    ("zeist", "Zeist"),
    ("nieuwegein", "Nieuwegein"),
    ("roermond", "Roermond"),
    ("den-helder", "Den Helder"),
    ("doetinchem", "Doetinchem"),
    ("hoogeveen", "Hoogeveen"),
    ("terneuzen", "Terneuzen"),
    ("kampen", "Kampen"),
    ("woerden", "Woerden"),
    ("houten", "Houten"),
    ("weert", "Weert"),
    ("sittard", "Sittard"),
    ("barneveld", "Barneveld"),
    ("middelburg", "Middelburg"),
    ("harderwijk", "Harderwijk"),
    ("zutphen", "Zutphen"),
    ("tiel", "Tiel"),
    ("goes", "Goes"),
    ("almelo", "Almelo"),
    ("hengelo", "Hengelo"),
    ("drachten", "Drachten"),
    ("sneek", "Sneek"),
    ("heerenveen", "Heerenveen"),
    ("winterswijk", "Winterswijk"),
    ("ede", "Ede"),
    ("gorinchem", "Gorinchem"),
    ("spijkenisse", "Spijkenisse"),
    ("rijswijk", "Rijswijk"),
    ("meppel", "Meppel"),
    ("oosterhout", "Oosterhout"),
    ("waalwijk", "Waalwijk"),
    ("uden", "Uden"),
    ("venray", "Venray"),
];

/// Why a corpus could not be made. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The size is not understood.
    #[error(
        "ongeldige grootte „{0}”: gebruik bijvoorbeeld 20MB, 800KB, 1500000 (bytes) of 10x (tien keer het meegeleverde corpus)"
    )]
    Size(String),
    /// The source project has no usable documents.
    #[error("geen bruikbare documenten in {0}")]
    NoSource(String),
    /// The output directory already holds a corpus.
    #[error("{0} bevat al bestanden; kies een lege of nieuwe map")]
    NotEmpty(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// File or directory involved.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A corpus size: bytes, or a multiple of the bundled corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size {
    /// Total bytes of all corpus files.
    Bytes(u64),
    /// This many times the bundled corpus (`1x` is the bundled corpus alone).
    Times(f64),
}

impl std::str::FromStr for Size {
    type Err = GenError;

    /// Parses `20MB`, `800KB`, `1.5GB`, `12MiB`, `300000`, `10x`. Units are decimal (`MB` is
    /// 1,000,000 bytes) unless written `KiB`/`MiB`/`GiB`.
    fn from_str(s: &str) -> Result<Size, GenError> {
        let bad = || GenError::Size(s.to_string());
        let t = s.trim().replace(',', ".");
        let lower = t.to_ascii_lowercase();
        if let Some(n) = lower.strip_suffix('x') {
            let n: f64 = n.trim().parse().map_err(|_| bad())?;
            return if n.is_finite() && n >= 1.0 {
                Ok(Size::Times(n))
            } else {
                Err(bad())
            };
        }
        let split = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(lower.len());
        let (num, unit) = lower.split_at(split);
        let num: f64 = num.parse().map_err(|_| bad())?;
        let factor = match unit.trim() {
            "" | "b" => 1.0,
            "k" | "kb" => 1e3,
            "m" | "mb" => 1e6,
            "g" | "gb" => 1e9,
            "kib" => 1024.0,
            "mib" => 1024.0 * 1024.0,
            "gib" => 1024.0 * 1024.0 * 1024.0,
            _ => return Err(bad()),
        };
        let bytes = num * factor;
        if !bytes.is_finite() || !(1.0..=1e11).contains(&bytes) {
            return Err(bad());
        }
        Ok(Size::Bytes(bytes as u64))
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Project directory to read `corpus/` and `config/` from.
    pub source: PathBuf,
    /// Directory to write `corpus/` and `config/` into (must not hold a corpus yet).
    pub out: PathBuf,
    /// Target size; generation stops at the first document that reaches it.
    pub size: Size,
    /// Seed of the generator.
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// Documents written, bundled ones included.
    pub documents: usize,
    /// Bundled documents copied verbatim.
    pub bundled: usize,
    /// Total bytes of the corpus files.
    pub bytes: u64,
    /// Bytes of the bundled corpus files.
    pub bundled_bytes: u64,
    /// Distinct regions among the documents.
    pub regions: usize,
    /// The seed used.
    pub seed: u64,
}

/// SplitMix64: small, fast and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6e6f_726d_7769_6a7a)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// One section of a bundled document: the raw source lines it spans.
#[derive(Debug, Clone)]
struct Section {
    text: String,
}

/// The material new documents are made from.
struct Material<'a> {
    docs: &'a [Document],
    /// Sections of each document, in document order.
    sections: Vec<Vec<Section>>,
    /// Every section of every document (for replacements).
    all: Vec<(usize, usize)>,
    /// Lowercase words of four or more letters (for replacements).
    vocabulary: Vec<String>,
}

/// The sections of a document as raw source text: consecutive passages with the same
/// breadcrumb form a section, widened to whole lines so bold markers and bullets stay intact.
fn sections_of(doc: &Document) -> Vec<Section> {
    let src = doc.text.as_str();
    let passages = passage::split(doc);
    let mut out = Vec::new();
    let mut i = 0;
    while i < passages.len() {
        let crumbs = &passages[i].breadcrumb;
        let mut j = i;
        let (mut start, mut end) = (usize::MAX, 0usize);
        while j < passages.len() && &passages[j].breadcrumb == crumbs {
            let r = passages[j].source_range();
            if !r.is_empty() {
                start = start.min(r.start);
                end = end.max(r.end);
            }
            j += 1;
        }
        i = j;
        if start >= end || end > src.len() {
            continue;
        }
        let line_start = src[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = src[end..].find('\n').map_or(src.len(), |p| end + p);
        let text = src[line_start..line_end].trim_matches('\n');
        if text.trim().len() >= 40 {
            out.push(Section {
                text: text.to_string(),
            });
        }
    }
    out
}

impl<'a> Material<'a> {
    fn new(docs: &'a [Document]) -> Material<'a> {
        let sections: Vec<Vec<Section>> = docs.iter().map(sections_of).collect();
        let all = sections
            .iter()
            .enumerate()
            .flat_map(|(d, s)| (0..s.len()).map(move |i| (d, i)))
            .collect();
        let mut words = BTreeSet::new();
        for d in docs {
            for w in d.text.split(|c: char| !c.is_alphabetic()) {
                if w.chars().count() >= 4 && w.chars().all(char::is_lowercase) {
                    words.insert(w.to_string());
                }
            }
        }
        Material {
            docs,
            sections,
            all,
            vocabulary: words.into_iter().collect(),
        }
    }
}

/// A region of a generated document.
#[derive(Debug, Clone, Copy)]
struct Region {
    slug: &'static str,
    town: &'static str,
    sector: &'static str,
}

impl Region {
    fn id(&self) -> String {
        format!("{}-{}", self.slug, self.sector)
    }
}

/// All 150 regions, in a seeded order.
fn regions(rng: &mut Rng) -> Vec<Region> {
    let mut out: Vec<Region> = TOWNS
        .iter()
        .flat_map(|&(slug, town)| ["po", "vo"].map(|sector| Region { slug, town, sector }))
        .collect();
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
    }
    out
}

/// Replaces the name of Almere by the region's town, keeping the case pattern of the word.
fn town_word(word: &str, region: &Region) -> Option<String> {
    let lower = word.to_lowercase();
    let suffix = match lower.as_str() {
        "almere" => "",
        "almeerse" => "se",
        "almeers" => "s",
        _ => return None,
    };
    let name = format!("{}{suffix}", region.town);
    if word.chars().all(char::is_uppercase) {
        Some(name.to_uppercase())
    } else if word.chars().next().is_some_and(char::is_uppercase) {
        Some(name)
    } else {
        Some(name.to_lowercase().replace(' ', "-"))
    }
}

/// A typo-like edit inside a word: two neighbouring letters swapped, or one vowel changed.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 4 {
        return word.to_string();
    }
    let i = 1 + rng.below(n - 2);
    if rng.chance(0.5) && i + 1 < n && chars[i] != chars[i + 1] {
        chars.swap(i, i + 1);
    } else {
        const VOWELS: [char; 5] = ['a', 'e', 'i', 'o', 'u'];
        chars[i] = VOWELS[rng.below(VOWELS.len())];
    }
    chars.into_iter().collect()
}

/// Perturbs the words of a text; everything that is not a letter stays as it is.
fn perturb(text: &str, region: &Region, vocabulary: &[String], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut word_start: Option<usize> = None;
    let flush = |out: &mut String, word: &str, rng: &mut Rng| {
        if let Some(t) = town_word(word, region) {
            out.push_str(&t);
            return;
        }
        if word.chars().count() >= 4 && word.chars().all(char::is_lowercase) {
            let r = rng.unit();
            if r < P_WORD && !vocabulary.is_empty() {
                out.push_str(&vocabulary[rng.below(vocabulary.len())]);
                return;
            }
            if r < P_WORD + P_TYPO {
                out.push_str(&typo(word, rng));
                return;
            }
        }
        out.push_str(word);
    };
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
        } else {
            if let Some(s) = word_start.take() {
                flush(&mut out, &text[s..i], rng);
            }
            out.push(c);
        }
    }
    if let Some(s) = word_start {
        flush(&mut out, &text[s..], rng);
    }
    out
}

/// The body of a new document modelled on bundled document `model`.
fn body(material: &Material<'_>, model: usize, region: &Region, rng: &mut Rng) -> String {
    let own = &material.sections[model];
    let rounds = if rng.chance(0.5) { 1 } else { 2 };
    let mut picked: Vec<&Section> = Vec::new();
    for _ in 0..rounds {
        let mut round: Vec<&Section> = Vec::new();
        for s in own {
            if rng.chance(P_DROP) {
                continue;
            }
            if rng.chance(P_FOREIGN) && !material.all.is_empty() {
                let (d, i) = material.all[rng.below(material.all.len())];
                round.push(&material.sections[d][i]);
            } else {
                round.push(s);
            }
        }
        for i in 0..round.len().saturating_sub(1) {
            if rng.chance(P_SWAP_SECTION) {
                round.swap(i, i + 1);
            }
        }
        picked.extend(round);
    }
    if picked.is_empty() && !own.is_empty() {
        picked.push(&own[0]);
    }
    let mut text = String::from("\n");
    for s in picked {
        text.push_str(&perturb(&s.text, region, &material.vocabulary, rng));
        text.push_str("\n\n\n");
    }
    text
}

/// Front matter of a new document modelled on `model`.
fn meta(model: &DocMeta, id: String, region: &Region, rng: &mut Rng) -> DocMeta {
    let sector = region.sector.to_uppercase();
    let mut title = model
        .title
        .replace("Almeerse", &format!("{}se", region.town))
        .replace("Almere", region.town);
    if title == model.title {
        title = format!("{title} ({} {sector})", region.town);
    }
    let year = 2018 + rng.below(8) as i32;
    let month = 1 + rng.below(12);
    let published = PartialDate::parse(&format!("{year:04}-{month:02}")).ok();
    // Cards and plans state how long they hold; some have run out, a few were replaced.
    let valid_until = match model.kind.as_str() {
        "themakaart" | "ondersteuningsplan" => {
            PartialDate::parse(&format!("{:04}-07-31", year + 1 + rng.below(4) as i32)).ok()
        }
        _ => None,
    };
    let superseded_by = rng
        .chance(0.05)
        .then(|| format!("{} {}", model.kind, year + 2));
    DocMeta {
        id,
        title,
        issuer: format!(
            "Samenwerkingsverband Passend Onderwijs {} {sector}",
            region.town
        ),
        region: region.id(),
        sectors: vec![region.sector.to_string()],
        kind: model.kind.clone(),
        published,
        valid_until,
        superseded_by,
        notes: Some(format!(
            "Synthetic benchmark document (normwijzer bench corpus), modelled on {}.",
            model.id
        )),
        source_file: None,
        source_sha256: None,
    }
}

/// A corpus file: front matter and body.
fn file_text(meta: &DocMeta, body: &str) -> String {
    let header = toml::to_string(meta).expect("front matter serializes");
    let mut s = String::with_capacity(header.len() + body.len() + 16);
    let _ = write!(s, "+++\n{header}+++\n{body}");
    s
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), GenError> {
    std::fs::create_dir_all(to).map_err(io_err(to))?;
    for entry in std::fs::read_dir(from).map_err(io_err(from))? {
        let entry = entry.map_err(io_err(from))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(io_err(&target))?;
        }
    }
    Ok(())
}

/// Writes a corpus of about `opts.size` into `opts.out` (`corpus/` and `config/`).
pub fn generate(opts: &GenOptions) -> Result<Summary, GenError> {
    let src_corpus = opts.source.join("corpus");
    let (bundled, _) = corpus::load_dir(&src_corpus);
    if bundled.docs.is_empty() {
        return Err(GenError::NoSource(src_corpus.display().to_string()));
    }
    let out_corpus = opts.out.join("corpus");
    if std::fs::read_dir(&out_corpus).is_ok_and(|mut d| d.next().is_some()) {
        return Err(GenError::NotEmpty(out_corpus.display().to_string()));
    }
    std::fs::create_dir_all(&out_corpus).map_err(io_err(&out_corpus))?;
    copy_dir(&opts.source.join("config"), &opts.out.join("config"))?;

    let mut bytes = 0u64;
    let mut regions_seen = BTreeSet::new();
    for d in &bundled.docs {
        let raw = std::fs::read(&d.path).map_err(io_err(&d.path))?;
        let name = d.path.file_name().map(PathBuf::from).unwrap_or_default();
        let target = out_corpus.join(name);
        std::fs::write(&target, &raw).map_err(io_err(&target))?;
        bytes += raw.len() as u64;
        regions_seen.insert(d.meta.region.clone());
    }
    let bundled_bytes = bytes;
    let target = match opts.size {
        Size::Bytes(b) => b,
        Size::Times(t) => (t * bundled_bytes as f64).round() as u64,
    };

    let material = Material::new(&bundled.docs);
    let mut rng = Rng::new(opts.seed);
    let regions = regions(&mut rng);
    let mut n = 0usize;
    while bytes < target {
        let model = n % material.docs.len();
        let region = regions[n % regions.len()];
        let id = format!(
            "{}-{}-{:05}",
            region.id(),
            material.docs[model].meta.kind,
            n + 1
        );
        let text = body(&material, model, &region, &mut rng);
        let meta = meta(&material.docs[model].meta, id, &region, &mut rng);
        let file = out_corpus.join(format!("{}.txt", meta.id));
        let content = file_text(&meta, &text);
        std::fs::write(&file, &content).map_err(io_err(&file))?;
        bytes += content.len() as u64;
        regions_seen.insert(meta.region);
        n += 1;
    }
    write_regions(&opts.out.join("config").join("regions.toml"), &regions_seen)?;
    Ok(Summary {
        documents: bundled.docs.len() + n,
        bundled: bundled.docs.len(),
        bytes,
        bundled_bytes,
        regions: regions_seen.len(),
        seed: opts.seed,
    })
}

/// `config/regions.toml` of the generated corpus: every region its documents use, so their
/// front matter passes validation.
fn write_regions(path: &Path, regions: &BTreeSet<String>) -> Result<(), GenError> {
    let mut text = String::from(
        "# Regions of a generated corpus (normwijzer bench corpus): id = name shown.\n",
    );
    for r in regions {
        text.push_str(&format!("{r} = \"{}\"\n", crate::text::region_name(r)));
    }
    std::fs::write(path, text).map_err(io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Vec<Document> {
        let home = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        corpus::load_dir(&home.join("corpus")).0.docs
    }

    #[test]
    fn sizes_parse() {
        assert_eq!("20MB".parse::<Size>().unwrap(), Size::Bytes(20_000_000));
        assert_eq!("800 kB".parse::<Size>().unwrap(), Size::Bytes(800_000));
        assert_eq!("1,5MiB".parse::<Size>().unwrap(), Size::Bytes(1_572_864));
        assert_eq!("12345".parse::<Size>().unwrap(), Size::Bytes(12_345));
        assert_eq!("10x".parse::<Size>().unwrap(), Size::Times(10.0));
        for bad in ["", "MB", "20 parsecs", "0.5x", "-3MB", "0", "x"] {
            assert!(bad.parse::<Size>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn rng_is_seeded_and_uniform_enough() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, {
            let mut r = Rng::new(8);
            (0..5).map(|_| r.next_u64()).collect::<Vec<_>>()
        });
        let mut r = Rng::new(1);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[r.below(4)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn every_bundled_document_has_sections_with_headings() {
        for d in bundled() {
            let s = sections_of(&d);
            assert!(s.len() >= 3, "{}: {} sections", d.meta.id, s.len());
            assert!(s.iter().all(|s| d.text.contains(&s.text)), "{}", d.meta.id);
        }
    }

    #[test]
    fn town_names_keep_their_case() {
        let r = Region {
            slug: "den-haag",
            town: "Den Haag",
            sector: "po",
        };
        assert_eq!(town_word("Almere", &r).as_deref(), Some("Den Haag"));
        assert_eq!(town_word("ALMERE", &r).as_deref(), Some("DEN HAAG"));
        assert_eq!(town_word("Almeerse", &r).as_deref(), Some("Den Haagse"));
        assert_eq!(town_word("almere", &r).as_deref(), Some("den-haag"));
        assert_eq!(town_word("Almeers", &r).as_deref(), Some("Den Haags"));
        assert_eq!(town_word("Amsterdam", &r), None);
    }

    #[test]
    fn perturbation_keeps_everything_but_letters() {
        let r = Region {
            slug: "utrecht",
            town: "Utrecht",
            sector: "vo",
        };
        let text =
            "1.2 Zorgplicht in Almere\n\n- de school onderzoekt, binnen zes weken: (OPP) ...\n";
        let vocab = vec!["leerling".to_string()];
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let out = perturb(text, &r, &vocab, &mut rng);
            let shape = |s: &str| -> String { s.chars().filter(|c| !c.is_alphabetic()).collect() };
            assert_eq!(shape(&out), shape(&text.replace("Almere", "Utrecht")));
            assert!(out.starts_with("1.2 Zorgplicht in Utrecht\n\n- "), "{out}");
        }
    }
}
