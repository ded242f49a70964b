//! Decides passage ids: `<doc>#<section-slug>-<n>`. A slug depends only on the section's
//! titles and a number only on the passage's place within its section, so an id survives edits
//! elsewhere in the document.

use std::collections::HashMap;

/// The slugs handed out in one document, kept unique, and the passages numbered per slug.
#[derive(Debug, Default)]
pub(super) struct Ids {
    /// Section path → slug.
    slugs: HashMap<Vec<String>, String>,
    /// Slug → section path, to see a slug taken by another section.
    taken: HashMap<String, Vec<String>>,
    /// Passages so far per slug.
    counters: HashMap<String, usize>,
}

/// The id of a new passage and its number within its section.
pub(super) struct PassageId {
    pub(super) id: String,
    pub(super) ordinal: usize,
}

impl Ids {
    /// The id of the next passage of document `doc` in the section with titles `crumbs`.
    pub(super) fn next(&mut self, doc: &str, crumbs: &[String]) -> PassageId {
        let slug = self.slug_for(crumbs);
        let n = self.counters.entry(slug.clone()).or_default();
        *n += 1;
        PassageId {
            id: format!("{doc}#{slug}-{n}"),
            ordinal: *n,
        }
    }

    /// The section's own title as slug; when another section has that slug, its parent's title
    /// goes in front, and then a number behind.
    fn slug_for(&mut self, crumbs: &[String]) -> String {
        if let Some(s) = self.slugs.get(crumbs) {
            return s.clone();
        }
        let base = crumbs
            .last()
            .map_or_else(|| "begin".to_string(), |t| slugify(t));
        let mut slug = base.clone();
        if self
            .taken
            .get(&slug)
            .is_some_and(|p| p.as_slice() != crumbs)
        {
            if crumbs.len() >= 2 {
                slug = format!("{}-{}", slugify(&crumbs[crumbs.len() - 2]), base);
            }
            let mut n = 2;
            while self.taken.contains_key(&slug) {
                slug = format!("{base}-{n}");
                n += 1;
            }
        }
        self.taken.insert(slug.clone(), crumbs.to_vec());
        self.slugs.insert(crumbs.to_vec(), slug.clone());
        slug
    }
}

/// `3.2 Handelingsgericht werken` → `3-2-handelingsgericht-werken`; at most 48 characters.
pub fn slugify(title: &str) -> String {
    let folded = crate::text::fold(title);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 48 {
        let cut = slug[..48].rfind('-').unwrap_or(48);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("sectie");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("3.2 Handelingsgericht werken"),
            "3-2-handelingsgericht-werken"
        );
        assert_eq!(slugify("Zorgadviesteam (ZAT)"), "zorgadviesteam-zat");
        assert_eq!(slugify("Almeerse thema's"), "almeerse-thema-s");
    }

    #[test]
    fn a_slug_taken_by_another_section_gets_its_parent_then_a_number() {
        let mut ids = Ids::default();
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(ids.next("d", &path(&["A", "Doel"])).id, "d#doel-1");
        assert_eq!(ids.next("d", &path(&["B", "Doel"])).id, "d#b-doel-1");
        assert_eq!(ids.next("d", &path(&["A", "Doel"])).id, "d#doel-2");
        let third = ids.next("d", &path(&["B", "Doel", "x"]));
        assert_eq!((third.id.as_str(), third.ordinal), ("d#x-1", 1));
        ids.next("d", &path(&["C", "Doel"]));
        assert_eq!(ids.next("d", &path(&["B", "Doel"])).id, "d#b-doel-2");
        assert_eq!(ids.next("d", &path(&["Doel"])).id, "d#doel-2-1");
        assert_eq!(ids.next("d", &[]).id, "d#begin-1");
    }
}
