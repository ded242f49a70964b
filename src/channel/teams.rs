//! Microsoft Teams: the question inside an outgoing-webhook message, and the reply as a message
//! activity with an Adaptive Card (version 1.4): warnings on top, then the checks (computed
//! term, validity, OPP decision), then the citations.
//! Pure functions: no I/O, no search.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde_json::{Value, json};

use crate::channel::summary::{Summary, summaries};
use crate::model::{Answer, Citation};
use crate::text::region_name;

/// Content type of an Adaptive Card attachment.
pub const ADAPTIVE_CARD: &str = "application/vnd.microsoft.card.adaptive";

/// Adaptive Card schema version; Teams renders 1.4 in outgoing-webhook replies.
pub const CARD_VERSION: &str = "1.4";

/// `<at>Name</at>` mentions, with whatever Teams put inside.
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<at\b[^>]*>.*?</at\s*>").expect("valid regex"));
/// An HTML tag (name captured) or comment; a lone `<` in text ("a < b") is not a tag.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--.*?-->|<!?/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>").expect("valid regex")
});

/// Tags that separate words; inline tags (`<b>`, `<span>`) do not.
const BLOCK_TAGS: [&str; 16] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "hr",
];
/// A character reference: named, decimal or hexadecimal.
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));").expect("valid regex")
});

/// The question in the `text` of a Teams message: mentions removed (the webhook's own name and
/// anyone else's), HTML tags dropped, character references decoded, whitespace collapsed.
pub fn question(text: &str) -> String {
    let no_mentions = MENTION.replace_all(text, " ");
    // Tags go before references are decoded, so an escaped `&lt;b&gt;` stays as text.
    let no_tags = TAG.replace_all(&no_mentions, |c: &Captures<'_>| {
        let block = c.get(1).is_some_and(|n| {
            BLOCK_TAGS
                .iter()
                .any(|b| n.as_str().eq_ignore_ascii_case(b))
        });
        if block { " " } else { "" }
    });
    let decoded = ENTITY.replace_all(&no_tags, |c: &Captures<'_>| decode_entity(c));
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character a reference stands for, or the reference unchanged when it is unknown.
fn decode_entity(c: &Captures<'_>) -> String {
    let numeric = c
        .get(1)
        .and_then(|d| d.as_str().parse::<u32>().ok())
        .or_else(|| {
            c.get(2)
                .and_then(|h| u32::from_str_radix(h.as_str(), 16).ok())
        });
    let ch = match (numeric, c.get(3).map(|n| n.as_str())) {
        (Some(n), _) => char::from_u32(n).filter(|ch| !ch.is_control() || ch.is_whitespace()),
        (None, Some(name)) => match name {
            "nbsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "euro" => Some('€'),
            "eacute" => Some('é'),
            "euml" => Some('ë'),
            "iuml" => Some('ï'),
            "ouml" => Some('ö'),
            "uuml" => Some('ü'),
            "egrave" => Some('è'),
            "ccedil" => Some('ç'),
            "bdquo" => Some('„'),
            "rdquo" => Some('”'),
            "ldquo" => Some('“'),
            "lsquo" => Some('‘'),
            "rsquo" => Some('’'),
            "hellip" => Some('…'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            _ => None,
        },
        _ => None,
    };
    ch.map_or_else(|| c[0].to_string(), String::from)
}

/// The reply to an outgoing-webhook message: the Dutch answer as text, and an Adaptive Card
/// with warnings on top and then the cited sources.
pub fn reply(a: &Answer) -> Value {
    json!({
        "type": "message",
        "text": a.text(),
        "attachments": [{
            "contentType": ADAPTIVE_CARD,
            "content": card(a),
        }],
    })
}

/// A reply with text only (help, a refusal in Dutch).
pub fn text_reply(text: &str) -> Value {
    json!({ "type": "message", "text": text })
}

/// The Adaptive Card of an answer: warnings, then one block per deterministic check (a computed
/// term with its shifted days, document validity, the OPP decision with its branches; see
/// [`crate::channel::summary`]), then per citation document › section, the quote and the
/// document's status; when abstaining, the sections that came closest.
pub fn card(a: &Answer) -> Value {
    let mut body: Vec<Value> = a.warnings.iter().map(|w| warning_block(w)).collect();
    body.extend(summaries(&a.checks).iter().map(check_block));
    if a.abstained {
        body.extend(abstention_blocks(a));
    }
    if !a.citations.is_empty() {
        body.push(json!({
            "type": "TextBlock",
            "text": "Bronnen",
            "size": "Medium",
            "weight": "Bolder",
            "separator": !a.warnings.is_empty(),
        }));
    }
    body.extend(a.citations.iter().map(citation_block));
    json!({
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "msteams": { "width": "Full" },
    })
}

/// A warning, in bold and the attention colour.
fn warning_block(w: &str) -> Value {
    json!({
        "type": "TextBlock",
        "text": format!("⚠ {w}"),
        "wrap": true,
        "color": "Attention",
        "weight": "Bolder",
    })
}

/// A check as an emphasised container: its title, the result, one small line per detail.
fn check_block(s: &Summary) -> Value {
    let mut items = vec![
        json!({
            "type": "TextBlock",
            "text": format!("✔ {}", s.title),
            "weight": "Bolder",
            "wrap": true,
        }),
        json!({ "type": "TextBlock", "text": s.result, "wrap": true, "spacing": "Small" }),
    ];
    items.extend(s.details.iter().map(|d| {
        json!({
            "type": "TextBlock",
            "text": format!("• {d}"),
            "wrap": true,
            "size": "Small",
            "spacing": "None",
        })
    }));
    json!({
        "type": "Container",
        "style": "emphasis",
        "separator": true,
        "items": items,
    })
}

/// When abstaining: the reply, then the sections that came closest, if any.
fn abstention_blocks(a: &Answer) -> Vec<Value> {
    let mut blocks = vec![json!({ "type": "TextBlock", "text": a.body, "wrap": true })];
    if !a.suggestions.is_empty() {
        blocks.push(json!({
            "type": "TextBlock",
            "text": "Kijk eventueel hier",
            "weight": "Bolder",
            "wrap": true,
            "separator": true,
        }));
        blocks.extend(a.suggestions.iter().map(|s| {
            json!({
                "type": "TextBlock",
                "text": format!("{} › {} ({})", s.title, s.section, s.passage),
                "wrap": true,
                "spacing": "Small",
            })
        }));
    }
    blocks
}

/// A citation: document › section, the quote on one line, status, region and passage id.
fn citation_block(c: &Citation) -> Value {
    json!({
        "type": "Container",
        "separator": true,
        "items": [
            {
                "type": "TextBlock",
                "text": format!("[{}] {} › {}", c.rank, c.title, c.section),
                "weight": "Bolder",
                "wrap": true,
            },
            {
                "type": "TextBlock",
                "text": format!("„{}”", c.quote.replace('\n', " … ")),
                "wrap": true,
            },
            {
                "type": "TextBlock",
                "text": format!("{} · regio {} · {}", c.status, region_name(&c.region), c.passage),
                "isSubtle": true,
                "size": "Small",
                "spacing": "Small",
                "wrap": true,
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusLabel;

    fn answer(warnings: Vec<String>) -> Answer {
        let citation = Citation {
            rank: 1,
            doc: "anb".into(),
            title: "Almeerse Norm Basisondersteuning".into(),
            section: "Zorgplicht".into(),
            passage: "anb#zorgplicht-1".into(),
            text: "De school heeft zorgplicht.\nEen tweede regel.".into(),
            quote: "De school heeft zorgplicht.\nEen tweede regel.".into(),
            region: "almere".into(),
            status: StatusLabel::Geldig,
            score: 1.0,
            source_range: 0..10,
        };
        Answer {
            question: "wat is zorgplicht?".into(),
            abstained: false,
            unsure: false,
            citations: vec![citation],
            checks: Vec::new(),
            warnings,
            suggestions: Vec::new(),
            body: "Volgens ... [1]".into(),
            continued: None,
        }
    }

    #[test]
    fn mention_and_html_are_removed() {
        assert_eq!(
            question("<at>normwijzer</at> wanneer moet een OPP?"),
            "wanneer moet een OPP?"
        );
        assert_eq!(
            question("<p><at id=\"0\">Normwijzer</at>&nbsp;wat&nbsp;is een <b>ZAT</b>?</p>\n"),
            "wat is een ZAT?"
        );
        assert_eq!(
            question("wat als cijfer &lt; 5 &amp; &#8222;zorg&#x201D;"),
            "wat als cijfer < 5 & „zorg”"
        );
        // An escaped tag is text, not markup.
        assert_eq!(question("&lt;b&gt;vet&lt;/b&gt;"), "<b>vet</b>");
        // Unknown references and lone brackets stay.
        assert_eq!(question("a < b &zzz; &#0;"), "a < b &zzz; &#0;");
        assert_eq!(question("<at>normwijzer</at>"), "");
        // Block tags separate words, inline tags do not.
        assert_eq!(
            question("<div>wat</div><div>is</div>een<br/>O<i>P</i>P"),
            "wat is een OPP"
        );
        assert_eq!(question("<!-- x -->vraag"), "vraag");
    }

    #[test]
    fn reply_has_text_and_card_with_citations() {
        let r = reply(&answer(Vec::new()));
        assert_eq!(r["type"], "message");
        assert_eq!(r["text"], "Volgens ... [1]");
        let att = &r["attachments"][0];
        assert_eq!(att["contentType"], ADAPTIVE_CARD);
        assert_eq!(att["content"]["version"], "1.4");
        let body = att["content"]["body"].as_array().expect("body");
        let items = &body[1]["items"];
        assert_eq!(
            items[0]["text"],
            "[1] Almeerse Norm Basisondersteuning › Zorgplicht"
        );
        assert_eq!(
            items[1]["text"],
            "„De school heeft zorgplicht. … Een tweede regel.”"
        );
        assert_eq!(items[2]["text"], "geldig · regio Almere · anb#zorgplicht-1");
    }

    #[test]
    fn warnings_come_first() {
        let r = card(&answer(vec!["Let op: verlopen.".into()]));
        assert_eq!(r["body"][0]["text"], "⚠ Let op: verlopen.");
        assert_eq!(r["body"][0]["color"], "Attention");
        assert_eq!(r["body"][1]["text"], "Bronnen");
    }

    #[test]
    fn checks_come_after_warnings_and_before_the_sources() {
        let mut a = answer(vec!["Let op: verlopen.".into()]);
        a.checks = vec![crate::channel::summary::tests::termijn_check()];
        let c = card(&a);
        let body = c["body"].as_array().expect("body");
        assert_eq!(body[0]["text"], "⚠ Let op: verlopen.");
        let items = body[1]["items"].as_array().expect("check block");
        let texts: Vec<&str> = items.iter().filter_map(|i| i["text"].as_str()).collect();
        assert_eq!(
            texts,
            [
                "✔ Termijn zorgplicht",
                "Uiterlijk dinsdag 26 mei 2026 · met uitloop uiterlijk maandag 22 juni 2026",
                "• Start: maandag 13 april 2026",
                "• Doorgeschoven: 25 mei 2026 is Tweede Pinksterdag → dinsdag 26 mei 2026",
            ]
        );
        assert_eq!(body[2]["text"], "Bronnen");
        assert!(!c.to_string().contains("2026-05-26"), "no raw dates");
    }
}
