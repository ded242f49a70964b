//! `normwijzer importeer`: a PDF, Word file or web page becomes `corpus/<id>.txt`.
//!
//! The text comes from [`crate::corpus::import`]; the front matter from the options, or, at a
//! terminal, from questions that propose the title and dates found in the document. The new
//! file is checked as `controleer` checks a document (front matter, known values) before it is
//! written, and an existing file is only replaced with `--overschrijf`. Afterwards a short
//! summary says how the splitter divided it.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{CliError, Global, ImporteerArgs, print};
use crate::config::Config;
use crate::corpus::import::{self, Block, ImportError};
use crate::corpus::passage::{self, slugify};
use crate::corpus::{self, DocMeta, PartialDate};

/// The fields a document must have, with their option names.
const REQUIRED: [(&str, &str); 5] = [
    ("id", "--id"),
    ("title", "--title"),
    ("issuer", "--issuer"),
    ("region", "--region"),
    ("kind", "--kind"),
];

/// Imports one file.
pub fn run(g: &Global, a: &ImporteerArgs) -> Result<(), CliError> {
    let name = a
        .bestand
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| a.bestand.display().to_string());
    let bytes = read_input(&a.bestand)?;
    let home = g.home();
    let config = Config::load(&home.join("config")).ok();
    let dict = config.as_ref().map(Config::dictionary);
    let (format, extracted) = import::extract(&name, &a.bestand, &bytes, dict.as_ref())?;
    let (published_hint, valid_hint) = import::date_hints(&extracted.blocks);

    let mut fields = Fields {
        id: a.id.clone(),
        title: a.title.clone(),
        issuer: a.issuer.clone(),
        region: a.region.clone(),
        kind: a.kind.clone(),
        published: a.published.clone(),
        valid_until: a.valid_until.clone(),
    };
    let mut sectors: Vec<String> = a.sectors.iter().flat_map(|s| split_list(s)).collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|(f, _)| fields.get(f).is_none_or(|v| v.trim().is_empty()))
        .map(|(_, flag)| *flag)
        .collect();
    if !missing.is_empty() {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::MissingFields(
                missing.iter().map(|s| s.to_string()).collect(),
            ));
        }
        let stem = Path::new(&name)
            .file_stem()
            .map(|s| slugify(&s.to_string_lossy()))
            .unwrap_or_default();
        let regions: Vec<String> = config
            .as_ref()
            .map(|c| c.regions.keys().cloned().collect())
            .unwrap_or_default();
        let home_region = config.as_ref().map(|c| c.settings.home_region.clone());
        eprintln!(
            "normwijzer: {name} gelezen ({}); vul de ontbrekende gegevens in (Enter neemt het voorstel tussen [ ] over):",
            format.dutch()
        );
        ask(
            &mut fields.id,
            "id (kleine letters, cijfers, streepjes)",
            Some(stem),
        )?;
        ask(&mut fields.title, "titel", extracted.title.clone())?;
        ask(&mut fields.issuer, "uitgever", None)?;
        ask(
            &mut fields.region,
            &format!("regio ({})", regions.join(", ")),
            home_region,
        )?;
        ask(
            &mut fields.kind,
            &format!("soort ({})", corpus::validate::KINDS.join(", ")),
            None,
        )?;
        if sectors.is_empty() {
            let answer = read_answer(
                &format!(
                    "sectoren, met komma's ({}; Enter voor geen)",
                    corpus::validate::SECTORS.join(", ")
                ),
                None,
            )?;
            sectors = split_list(&answer);
        }
        ask_optional(&mut fields.published, "publicatiedatum", published_hint)?;
        ask_optional(&mut fields.valid_until, "geldig tot en met", valid_hint)?;
    }
    let required = |v: Option<String>, flag: &str| -> Result<String, CliError> {
        v.filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string())
            .ok_or_else(|| CliError::MissingFields(vec![flag.to_string()]))
    };
    let date = |v: &Option<String>, flag: &str| -> Result<Option<PartialDate>, CliError> {
        v.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| PartialDate::parse(s).map_err(|e| CliError::BadField(format!("{flag}: {e}"))))
            .transpose()
    };
    let meta = DocMeta {
        id: required(fields.id.clone(), "--id")?,
        title: required(fields.title.clone(), "--title")?,
        issuer: required(fields.issuer.clone(), "--issuer")?,
        region: required(fields.region.clone(), "--region")?,
        sectors,
        kind: required(fields.kind.clone(), "--kind")?,
        published: date(&fields.published, "--published")?,
        valid_until: date(&fields.valid_until, "--valid-until")?,
        superseded_by: None,
        notes: None,
        source_file: Some(name.clone()),
        source_sha256: Some(hex::encode(Sha256::digest(&bytes))),
    };

    let dir = a.uit.clone().unwrap_or_else(|| home.join("corpus"));
    let target = dir.join(format!("{}.txt", meta.id));
    let text = format!(
        "{}{}",
        import::front_matter(&meta),
        import::render(&extracted.blocks)
    );
    // Checked before anything is written: a document the corpus would skip is not written.
    let not_written =
        |message: String| CliError::BadField(format!("{message}; er is niets geschreven"));
    let doc = corpus::parse_document(&target, text.as_bytes()).map_err(|e| match e {
        corpus::CorpusError::FrontMatter { message, .. } => not_written(message),
        other => CliError::Document(other),
    })?;
    let regions = config
        .as_ref()
        .map(|c| c.regions.clone())
        .unwrap_or_default();
    let (_, invalid) = corpus::validate::check(
        corpus::Corpus {
            docs: vec![doc.clone()],
        },
        &regions,
    );
    if let Some(e) = invalid.into_iter().next() {
        return Err(match e {
            corpus::CorpusError::UnknownValue { message, .. } => not_written(message),
            other => CliError::Document(other),
        });
    }
    if target.exists() && !a.overschrijf {
        return Err(CliError::Exists(target.display().to_string()));
    }
    let io_err = |source| CliError::ReadFile {
        file: target.display().to_string(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io_err)?;
    std::fs::write(&target, &text).map_err(io_err)?;

    print(&summary(&name, format, &extracted, &doc, &target, &dir))
}

/// `po, vo` → `["po", "vo"]`.
fn split_list(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(|x| x.trim().to_lowercase())
        .filter(|x| !x.is_empty())
        .collect()
}

/// The values typed or given so far.
struct Fields {
    id: Option<String>,
    title: Option<String>,
    issuer: Option<String>,
    region: Option<String>,
    kind: Option<String>,
    published: Option<String>,
    valid_until: Option<String>,
}

impl Fields {
    fn get(&self, field: &str) -> Option<&String> {
        match field {
            "id" => self.id.as_ref(),
            "title" => self.title.as_ref(),
            "issuer" => self.issuer.as_ref(),
            "region" => self.region.as_ref(),
            "kind" => self.kind.as_ref(),
            _ => None,
        }
    }
}

/// Reads the input file, refusing one larger than [`import::MAX_INPUT_BYTES`].
fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    let read_err = |source| CliError::ReadFile {
        file: path.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.len() > import::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge(
            path.display().to_string(),
            import::MAX_INPUT_BYTES / (1024 * 1024),
        )
        .into());
    }
    std::fs::read(path).map_err(read_err)
}

/// One line typed at the terminal, trimmed.
fn read_answer(question: &str, proposal: Option<&str>) -> Result<String, CliError> {
    let mut err = std::io::stderr().lock();
    let _ = match proposal {
        Some(p) if !p.is_empty() => write!(err, "  {question} [{p}]: "),
        _ => write!(err, "  {question}: "),
    };
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(CliError::Input)?;
    Ok(line.trim().to_string())
}

/// Asks for a required field until it has a value (Enter takes the proposal).
fn ask(
    field: &mut Option<String>,
    question: &str,
    proposal: Option<String>,
) -> Result<(), CliError> {
    if field.as_deref().is_some_and(|v| !v.trim().is_empty()) {
        return Ok(());
    }
    for _ in 0..5 {
        let answer = read_answer(question, proposal.as_deref())?;
        let value = if answer.is_empty() {
            proposal.clone().unwrap_or_default()
        } else {
            answer
        };
        if !value.is_empty() {
            *field = Some(value);
            return Ok(());
        }
    }
    Ok(())
}

/// Asks for an optional field; Enter takes the proposal, `-` leaves it empty.
fn ask_optional(
    field: &mut Option<String>,
    question: &str,
    proposal: Option<String>,
) -> Result<(), CliError> {
    if field.is_some() {
        return Ok(());
    }
    let answer = read_answer(&format!("{question} (- voor geen)"), proposal.as_deref())?;
    *field = match answer.as_str() {
        "-" => None,
        "" => proposal,
        _ => Some(answer),
    };
    Ok(())
}

/// The Dutch summary after writing.
fn summary(
    name: &str,
    format: import::Format,
    extracted: &import::Extracted,
    doc: &corpus::Document,
    target: &Path,
    dir: &Path,
) -> String {
    let passages = passage::split(doc);
    let mut sections: Vec<String> = passages.iter().map(|p| p.section()).collect();
    sections.dedup();
    sections.sort();
    sections.dedup();
    let headings: Vec<&str> = extracted
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let count = |f: fn(&Block) -> bool| extracted.blocks.iter().filter(|b| f(b)).count();
    let items = count(|b| matches!(b, Block::Item(_)));
    let rows = count(|b| matches!(b, Block::Row(_)));
    let mut out = format!(
        "Geïmporteerd: {name}, {} → {}\n  {} secties, {} passages; {} kopjes, {} lijstitems, {} tabelrijen\n",
        format.dutch(),
        target.display(),
        sections.len(),
        passages.len(),
        headings.len(),
        items,
        rows
    );
    if !headings.is_empty() {
        let shown: Vec<&str> = headings.iter().take(8).copied().collect();
        let more = if headings.len() > 8 { ", …" } else { "" };
        out.push_str(&format!("  Kopjes: {}{more}\n", shown.join("; ")));
    }
    if extracted.furniture > 0 {
        out.push_str(&format!(
            "  {} regels paginaopmaak weggelaten (kop- en voetteksten, paginanummers)\n",
            extracted.furniture
        ));
    }
    let mut warnings = Vec::new();
    if headings.is_empty() {
        warnings
            .push("er zijn geen kopjes gevonden; alle passages vallen onder de titel".to_string());
    }
    if passages.is_empty() {
        warnings.push("de splitser vond geen passages in de tekst".to_string());
    }
    let (_, errors) = corpus::load_dir(dir);
    for e in errors {
        if matches!(&e, corpus::CorpusError::DuplicateId { id, .. } if *id == doc.meta.id) {
            warnings.push(e.to_string());
        }
    }
    for w in &warnings {
        out.push_str(&format!("  Let op: {w}.\n"));
    }
    out.push_str(&format!(
        "Bekijk de verdeling met `normwijzer passages {}` en controleer alles met `normwijzer controleer`.\n",
        doc.meta.id
    ));
    out
}
