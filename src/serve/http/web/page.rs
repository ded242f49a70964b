//! The HTML of the web page, rendered with maud from the values the engine returns
//! ([`Answer`], [`PassageView`]). Like a channel it computes nothing: it uses `model` and
//! `text` only. Every piece of text goes through maud's escaping; nothing is inserted raw
//! except turns this module rendered itself.
//!
//! No inline scripts or styles anywhere (the Content-Security-Policy forbids them): looks
//! come from `assets/web.css`, behaviour from `assets/web.js` and htmx.

use jiff::civil::Date;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets;
use crate::model::{Answer, Citation, PassageView, StatusLabel};
use crate::text::{dutch, region_name};

/// htmx settings: no style element of its own (CSP), no eval, no scripts from responses,
/// requests to this site only, and error responses swapped in too (they carry a Dutch
/// message as a fragment).
const HTMX_CONFIG: &str = r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true,"historyCacheSize":0,"responseHandling":[{"code":"204","swap":false},{"code":"[2345]..","swap":true}]}"#;

/// Longest question the form accepts, in characters (the engine reads at most 8 KiB).
const MAX_QUESTION_CHARS: usize = 8 * 1024;

/// What the chat page shows around the transcript.
pub(super) struct ChatPage<'a> {
    /// Rendered turns of this session, oldest first.
    pub(super) turns: &'a [String],
    /// The date in the "geldt op" control.
    pub(super) datum: Date,
    /// A message above the form (a refused question on the page without JavaScript).
    pub(super) notice: Option<&'a str>,
}

/// The page shell: head with the assets, header, `main`, footer.
pub(super) fn layout(title: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=(HTMX_CONFIG);
                meta name="color-scheme" content="light";
                title { (title) }
                link rel="stylesheet" href=(assets::CSS.url());
                script src=(assets::HTMX.url()) defer {}
                script src=(assets::JS.url()) defer {}
            }
            body {
                a class="skip" href="#vraag" { "Naar het vraagveld" }
                header class="top" {
                    div class="wrap top-inner" {
                        a class="brand" href="/" { "normwijzer" }
                        span class="tagline" {
                            "Regels van passend onderwijs in Almere, met letterlijke citaten"
                        }
                        nav class="top-nav" aria-label="Pagina's" {
                            a href="/wijzigingen" { "Wijzigingen" }
                        }
                    }
                }
                main id="inhoud" class="wrap" { (main) }
                footer class="foot" {
                    div class="wrap" {
                        p {
                            "normwijzer citeert letterlijk uit de normdocumenten. Lees de bron "
                            "voordat je een antwoord deelt. Je vragen worden niet bewaard, tenzij "
                            "de beheerder dat heeft aangezet; dan gaan namen, nummers en adressen "
                            "er eerst uit. Dit gesprek verdwijnt na 30 minuten zonder vragen."
                        }
                        p {
                            a href="/wijzigingen" { "Wat is er veranderd in de documenten?" }
                        }
                    }
                }
            }
        }
    }
}

/// The chat page: intro, transcript, question form.
pub(super) fn chat(p: &ChatPage<'_>) -> Markup {
    let main = html! {
        h1 class="visually-hidden" { "Stel een vraag aan normwijzer" }
        @if p.turns.is_empty() {
            section class="intro" aria-labelledby="intro-kop" {
                h2 id="intro-kop" { "Wat wil je weten?" }
                p {
                    "Stel een vraag over de regels van passend onderwijs. Je krijgt een antwoord "
                    "met citaten uit de documenten, hun status en een link naar de bron."
                }
                ul class="examples" {
                    li { "Wanneer moet een OPP?" }
                    li { "Wat is een ZAT?" }
                    li { "Binnen hoeveel weken moet de school een passende plek bieden?" }
                }
            }
        }
        section id="gesprek" class="transcript" aria-live="polite" aria-label="Gesprek" {
            @for turn in p.turns { (PreEscaped(turn)) }
        }
        (form(p.datum, p.notice))
    };
    layout("normwijzer: vraag het de documenten", main)
}

/// The question form: a plain POST that htmx enhances to append the answer in place.
fn form(datum: Date, notice: Option<&str>) -> Markup {
    html! {
        form class="ask" method="post" action="/" hx-post="/" hx-target="#gesprek"
            hx-swap="beforeend" hx-disabled-elt="find button[type=submit]" {
            @if let Some(n) = notice {
                p class="notice" role="alert" { (n) }
            }
            label for="vraag" { "Je vraag" }
            textarea id="vraag" name="vraag" rows="2" required
                maxlength=(MAX_QUESTION_CHARS)
                placeholder="Bijvoorbeeld: wanneer moet een OPP?"
                aria-describedby="vraag-hint" {}
            div class="ask-row" {
                div class="date-field" {
                    label for="datum" { "Geldt op" }
                    input type="date" id="datum" name="datum" value=(datum.to_string())
                        required aria-describedby="datum-hint"
                        title="De status van de documenten geldt op deze datum";
                }
                button type="submit" class="primary" { "Vraag" }
                span class="htmx-indicator" role="status" { "Even zoeken…" }
            }
            p id="vraag-hint" class="hint" {
                "Typ geen namen of andere gegevens van leerlingen. "
                span class="js-only" { "Enter verstuurt, Shift+Enter geeft een nieuwe regel." }
            }
            p id="datum-hint" class="hint" {
                "De status van de documenten (geldig, verlopen, vervangen) geldt op deze datum."
            }
        }
    }
}

/// Which kind of reply an answer is, as the feedback endpoint names it.
pub(super) fn outcome(a: &Answer) -> &'static str {
    if a.abstained {
        "abstained"
    } else if a.unsure {
        "unsure"
    } else {
        "answered"
    }
}

/// One turn: the question, then the answer with warnings, body, citations and feedback.
/// `n` makes the element ids unique within the page. A follow-up says which question it
/// continued in its body (composed once by the engine, as in every channel).
pub(super) fn turn(n: usize, a: &Answer, datum: Date, reference: Option<&str>) -> Markup {
    let id = format!("beurt-{n}");
    html! {
        article class="turn" id=(id) aria-labelledby=(format!("{id}-vraag")) {
            div class="question" {
                h2 id=(format!("{id}-vraag")) class="q" { (a.question) }
                span class="meta" { "geldt op " (dutch::date(datum)) }
            }
            div class=(if a.abstained { "answer abstained" } else { "answer" }) {
                @if !a.warnings.is_empty() {
                    ul class="warnings" aria-label="Waarschuwingen" {
                        @for w in &a.warnings {
                            li { span class="warn-icon" aria-hidden="true" { "⚠" } " " (w) }
                        }
                    }
                }
                div class="body" { (body(&a.body, &id, &a.citations)) }
                @if !a.citations.is_empty() {
                    h3 class="sources-head" { "Bronnen" }
                    ol class="citations" {
                        @for c in &a.citations { (citation(&id, c, datum)) }
                    }
                }
                @if !a.suggestions.is_empty() {
                    h3 class="sources-head" { "Misschien vind je het hier" }
                    ul class="suggestions" {
                        @for s in &a.suggestions {
                            li {
                                a href=(bron_href(&s.passage, datum)) {
                                    (s.title) " › " (s.section)
                                }
                            }
                        }
                    }
                }
                (feedback(a, reference))
            }
        }
    }
}

/// The answer text: paragraphs at blank lines, `- ` lines as a list, and `[n]` as a link to
/// citation n.
fn body(text: &str, turn: &str, citations: &[Citation]) -> Markup {
    html! {
        @for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
            @let lines: Vec<&str> = block.lines().collect();
            @if lines.iter().any(|l| l.starts_with("- ")) {
                @let (lead, items) = split_list(&lines);
                @if !lead.is_empty() {
                    p { @for (i, l) in lead.iter().enumerate() {
                        @if i > 0 { br; } (linked(l, turn, citations))
                    } }
                }
                ul { @for item in &items { li { (linked(item, turn, citations)) } } }
            } @else {
                p { @for (i, l) in lines.iter().enumerate() {
                    @if i > 0 { br; } (linked(l, turn, citations))
                } }
            }
        }
    }
}

/// The lines before the first `- ` item, and the items (a line that does not start with `- `
/// continues the item before it).
fn split_list<'a>(lines: &[&'a str]) -> (Vec<&'a str>, Vec<String>) {
    let mut lead = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for l in lines {
        if let Some(item) = l.strip_prefix("- ") {
            items.push(item.to_string());
        } else if let Some(last) = items.last_mut() {
            last.push(' ');
            last.push_str(l);
        } else {
            lead.push(*l);
        }
    }
    (lead, items)
}

/// A line with each `[n]` of a citation turned into a link to it.
fn linked(line: &str, turn: &str, citations: &[Citation]) -> Markup {
    let mut parts: Vec<(&str, Option<usize>)> = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        match after[..close].parse::<usize>() {
            Ok(n) if citations.iter().any(|c| c.rank == n) => {
                parts.push((&rest[..open], None));
                parts.push(("", Some(n)));
                rest = &after[close + 1..];
            }
            _ => {
                parts.push((&rest[..open + 1], None));
                rest = after;
            }
        }
    }
    parts.push((rest, None));
    html! {
        @for (text, rank) in parts {
            @if let Some(n) = rank {
                a class="ref" href=(format!("#{turn}-bron-{n}"))
                    aria-label=(format!("bron {n}")) { "[" (n) "]" }
            } @else { (text) }
        }
    }
}

/// One numbered citation: where it is from, its badges, the quote, the link to its page and
/// the quote as plain text to copy.
fn citation(turn: &str, c: &Citation, datum: Date) -> Markup {
    let anchor = format!("{turn}-bron-{}", c.rank);
    let copy_id = format!("{anchor}-tekst");
    html! {
        li class="citation" id=(anchor) {
            div class="cite-head" {
                span class="num" aria-hidden="true" { (c.rank) }
                span class="where" {
                    span class="visually-hidden" { "Bron " (c.rank) ": " }
                    (c.title) " › " (c.section)
                }
            }
            div class="badges" {
                (status_badge(c.status))
                span class="badge region" { "regio " (region_name(&c.region)) }
            }
            blockquote class="quote" { "„" (c.quote) "”" }
            div class="cite-actions" {
                a class="bron-link" href=(bron_href(&c.passage, datum)) {
                    "Bekijk de bron " span class="visually-hidden" { (c.rank) " " }
                    code { (c.passage) }
                }
                button type="button" class="copy js-only" data-kopieer=(copy_id) {
                    "Kopieer citaat"
                }
                span class="copied" role="status" {}
            }
            details class="copy-text nojs-only" {
                summary { "Citaat als tekst" }
                label class="visually-hidden" for=(copy_id) { "Citaat " (c.rank) " als tekst" }
                textarea id=(copy_id) readonly rows="4" { (copy_text(c)) }
            }
        }
    }
}

/// The plain text "kopieer citaat" copies: quote, source and id, for an e-mail.
pub(super) fn copy_text(c: &Citation) -> String {
    format!(
        "„{}”\nBron: {} › {} ({})\nId: {}",
        c.quote, c.title, c.section, c.status, c.passage
    )
}

fn status_badge(s: StatusLabel) -> Markup {
    let class = match s {
        StatusLabel::Geldig => "badge status ok",
        StatusLabel::Onbekend => "badge status unknown",
        _ => "badge status outdated",
    };
    html! { span class=(class) { (s.as_str()) } }
}

/// The 👍/👎 forms: plain posts to `/api/feedback`, htmx-enhanced to swap in its thanks.
/// `reference` ties a vote to the recorded answer (and so to its question in the report).
fn feedback(a: &Answer, reference: Option<&str>) -> Markup {
    let passages = a
        .citations
        .iter()
        .map(|c| c.passage.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let vote = |value: &str, label: &str, icon: &str| {
        html! {
            form method="post" action="/api/feedback" hx-post="/api/feedback"
                hx-target="closest .feedback" hx-swap="innerHTML" {
                input type="hidden" name="vote" value=(value);
                input type="hidden" name="outcome" value=(outcome(a));
                input type="hidden" name="passages" value=(passages);
                input type="hidden" name="channel" value="web";
                @if let Some(r) = reference {
                    input type="hidden" name="ref" value=(r);
                }
                button type="submit" class="vote" aria-label=(label) title=(label) {
                    span aria-hidden="true" { (icon) }
                }
            }
        }
    };
    html! {
        div class="feedback" {
            span class="feedback-q" { "Had je hier iets aan?" }
            (vote("up", "Ja, nuttig antwoord", "👍"))
            (vote("down", "Nee, niet nuttig", "👎"))
        }
    }
}

/// The link to a passage's page, for the date of the answer.
pub(super) fn bron_href(passage: &str, datum: Date) -> String {
    format!("/bron/{}?datum={datum}", path_segment(passage))
}

/// `s` percent-encoded as one path segment (`#` and `/` included).
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The permanent page of one passage: where it is from, the document's status on `datum`,
/// its text and its neighbours.
pub(super) fn passage(v: &PassageView, datum: Date) -> Markup {
    let main = html! {
        p class="back" { a href="/" { "← Terug naar het gesprek" } }
        article class="passage" aria-labelledby="passage-kop" {
            p class="doc-title" { (v.title) }
            h1 id="passage-kop" { (v.section) }
            div class="badges" {
                (status_badge(v.status.label()))
                span class="badge region" { "regio " (region_name(&v.region)) }
                span class="badge id" { code { (v.id) } }
            }
            p class="status-line" {
                "Status op " (dutch::date(datum)) ": " (crate::text::status(&v.status)) "."
            }
            @if !v.warnings.is_empty() {
                ul class="warnings" aria-label="Waarschuwingen" {
                    @for w in &v.warnings {
                        li { span class="warn-icon" aria-hidden="true" { "⚠" } " " (w) }
                    }
                }
            }
            div class="passage-text" {
                @for line in v.text.lines() { p { (line) } }
            }
            p class="source-range" {
                "Bytes " (v.source_range.start) "–" (v.source_range.end)
                " van de brontekst van " code { (v.doc) } "."
            }
        }
        nav class="neighbours" aria-label="Passages ernaast" {
            @if let Some(prev) = &v.previous {
                a class="neighbour prev" href=(bron_href(&prev.id, datum)) rel="prev" {
                    span class="dir" { "← Vorige passage" }
                    span class="preview" { (crate::channel::terminal::preview(&prev.text)) }
                }
            }
            @if let Some(next) = &v.next {
                a class="neighbour next" href=(bron_href(&next.id, datum)) rel="next" {
                    span class="dir" { "Volgende passage →" }
                    span class="preview" { (crate::channel::terminal::preview(&next.text)) }
                }
            }
        }
    };
    layout(&format!("{} › {}: normwijzer", v.title, v.section), main)
}

/// A passage of an archived version (an id someone shared before the document changed), and
/// the passage it became, linked, or that it was removed.
pub(super) fn earlier(e: &crate::corpus::versions::Earlier, datum: Date) -> Markup {
    let main = html! {
        p class="back" { a href="/" { "← Terug naar het gesprek" } }
        article class="passage" aria-labelledby="passage-kop" {
            h1 id="passage-kop" { (e.passage.section) }
            div class="badges" {
                span class="badge status-old" { "vorige versie" }
                span class="badge id" { code { (e.passage.id) } }
            }
            @match &e.successor {
                Some(s) => {
                    p class="status-line" {
                        "Deze passage komt uit de vorige versie (" (e.version)
                        "); in de huidige versie staat:"
                    }
                    blockquote class="passage-text" {
                        @for line in s.text.lines() { p { (line) } }
                    }
                    p { a href=(bron_href(&s.id, datum)) { (s.section) " (" code { (s.id) } ")" } }
                }
                None => {
                    p class="status-line" {
                        "Deze passage komt uit de vorige versie (" (e.version)
                        "); in de huidige versie is ze vervallen."
                    }
                }
            }
            h2 { "In de vorige versie stond:" }
            div class="passage-text" {
                @for line in e.passage.text.lines() { p { (line) } }
            }
        }
    };
    layout(
        &format!("{} (vorige versie): normwijzer", e.passage.section),
        main,
    )
}

/// A page for a refusal or a passage that does not exist: the Dutch sentence and, for an
/// unknown id, links to the ids that resemble it.
pub(super) fn message(title: &str, text: &str, similar: &[String], datum: Date) -> Markup {
    let main = html! {
        section class="message" aria-labelledby="bericht-kop" {
            h1 id="bericht-kop" { (title) }
            p { (text) }
            @if !similar.is_empty() {
                p { "Bedoelde je:" }
                ul { @for id in similar { li { a href=(bron_href(id, datum)) { code { (id) } } } } }
            }
            p { a href="/" { "Naar het gesprek" } }
        }
    };
    layout(&format!("{title}: normwijzer"), main)
}

/// A refusal as a fragment for htmx: appended to the transcript in place of an answer.
pub(super) fn notice_fragment(text: &str) -> Markup {
    html! {
        div class="turn notice-turn" role="alert" { p class="notice" { (text) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(rank: usize) -> Citation {
        Citation {
            rank,
            doc: "anb".into(),
            title: "Almeerse Norm".into(),
            section: "OPP".into(),
            passage: format!("anb#opp-{rank}"),
            text: "Tekst <b>".into(),
            quote: "Tekst <b>".into(),
            region: "almere".into(),
            status: StatusLabel::Geldig,
            score: 1.0,
            source_range: 0..9,
        }
    }

    #[test]
    fn user_text_is_escaped_and_references_link_to_citations() {
        let a = Answer {
            question: "<script>alert(1)</script>".into(),
            body: "Vervolg op je vorige vraag „<b>eerder</b>”:\n\nLead:\n- een [1] en [9]\n- twee [2]\n\nSlot <i>".into(),
            citations: vec![citation(1), citation(2)],
            ..Answer::default()
        };
        let day: Date = "2026-03-02".parse().unwrap();
        let html = turn(3, &a, day, Some("abc123")).into_string();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;b&gt;eerder&lt;/b&gt;"));
        assert!(html.contains("Slot &lt;i&gt;"));
        assert!(html.contains(r##"href="#beurt-3-bron-1""##));
        assert!(
            !html.contains("beurt-3-bron-9"),
            "no citation 9: [9] stays text"
        );
        assert!(html.contains("<li>een "));
        assert!(html.contains(r#"href="/bron/anb%23opp-1?datum=2026-03-02""#));
        assert!(html.contains(r#"name="passages" value="anb#opp-1 anb#opp-2""#));
        assert!(html.contains(r#"name="outcome" value="answered""#));
        assert!(html.contains(r#"name="ref" value="abc123""#));
        assert!(html.contains("Vervolg op"));
        assert!(!html.contains("style="), "no inline styles");
    }

    #[test]
    fn path_segments_encode_what_a_path_cannot_hold() {
        assert_eq!(path_segment("anb#zat-1"), "anb%23zat-1");
        assert_eq!(path_segment("a/b c?"), "a%2Fb%20c%3F");
    }
}
