//! Small helpers over quick-xml shared by the DOCX and PDF readers.

use quick_xml::events::{BytesRef, BytesStart};

/// The unescaped value of attribute `name` (qualified, e.g. `w:val`).
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// The text an entity reference stands for (`&amp;`, `&#233;`); unknown ones are dropped.
pub(super) fn entity(e: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = e.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = e.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
}
