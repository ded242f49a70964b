//! Reading a verified body into typed requests.
//!
//! Each endpoint declares its request as serde structs whose fields are [`Field`]s, and
//! [`json_object`] fills them from the body. A field that is missing, null or of another JSON type
//! does not fail the whole body: the endpoint decides which of those deserves which Dutch
//! sentence, and ignores the fields it can do without, as Discord's payloads grow over time.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::error::RequestError;

/// The body as the JSON object `T`: empty and malformed bodies are refused in Dutch; valid JSON
/// that is not an object is `Ok(None)`, for the endpoint to refuse in its own words.
///
/// `T`'s fields should all be [`Field`]s (or defaulted), so that the shape of the body is the
/// only thing that can fail here.
pub(super) fn json_object<T: DeserializeOwned>(body: &[u8]) -> Result<Option<T>, RequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(RequestError::Empty);
    }
    // The whole body is checked as JSON first, so that broken JSON is "geen geldige JSON"
    // wherever the break is, and not a complaint about the first field that looked wrong. It
    // also settles duplicate keys as a JSON object does: the last one counts.
    let value: Value = serde_json::from_slice(body).map_err(|_| RequestError::NotJson)?;
    Ok(Object::<T>::deserialize(value).ok().map(|Object(t)| t))
}

/// A field as its JSON type decides: absent (missing or null), of the expected type, or of
/// another type.
#[derive(Debug, Default)]
pub(super) enum Field<T> {
    /// Missing, or `null`.
    #[default]
    Absent,
    /// Of the expected type.
    Given(T),
    /// Present with another JSON type (a number where text was expected, say).
    OtherType,
}

impl<T> Field<T> {
    /// The value if it had the expected type, borrowed.
    pub(super) fn given_ref(&self) -> Option<&T> {
        match self {
            Field::Given(t) => Some(t),
            Field::Absent | Field::OtherType => None,
        }
    }

    /// The value if it had the expected type.
    pub(super) fn given(self) -> Option<T> {
        match self {
            Field::Given(t) => Some(t),
            Field::Absent | Field::OtherType => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field<T>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Expected(T),
            Other(IgnoredAny),
        }
        Ok(match Option::<Shape<T>>::deserialize(deserializer)? {
            None => Field::Absent,
            Some(Shape::Expected(t)) => Field::Given(t),
            Some(Shape::Other(IgnoredAny)) => Field::OtherType,
        })
    }
}

/// `T` read from a JSON object only. Serde also fills a struct from an array of its field
/// values (`["wat is een ZAT?"]`), which no client means by it.
#[derive(Debug)]
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object<T>, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    struct Probe {
        #[serde(default)]
        text: Field<String>,
        #[serde(default)]
        inner: Field<Object<Inner>>,
    }

    #[derive(Debug, Default, Deserialize)]
    struct Inner {
        #[serde(default)]
        text: Field<String>,
    }

    fn probe(body: &str) -> Result<Option<Probe>, RequestError> {
        json_object(body.as_bytes())
    }

    #[test]
    fn fields_tell_absent_given_and_other_type_apart() {
        let p = probe(r#"{"text": "hoi"}"#).unwrap().unwrap();
        assert_eq!(p.text.given().as_deref(), Some("hoi"));
        assert!(matches!(probe("{}").unwrap().unwrap().text, Field::Absent));
        let p = probe(r#"{"text": null}"#).unwrap().unwrap();
        assert!(matches!(p.text, Field::Absent));
        for other in ["3", "true", "[]", "{}", r#"["hoi"]"#] {
            let p = probe(&format!(r#"{{"text": {other}}}"#)).unwrap().unwrap();
            assert!(matches!(p.text, Field::OtherType), "{other}");
        }
        let p = probe(r#"{"text": "a", "text": "b"}"#).unwrap().unwrap();
        assert_eq!(p.text.given().as_deref(), Some("b"), "the last key counts");
    }

    #[test]
    fn only_objects_fill_structs() {
        for not_an_object in [r#"["hoi"]"#, r#""hoi""#, "3", "null", "[]"] {
            assert!(probe(not_an_object).unwrap().is_none(), "{not_an_object}");
        }
        let p = probe(r#"{"inner": ["hoi"]}"#).unwrap().unwrap();
        assert!(matches!(p.inner, Field::OtherType));
        let p = probe(r#"{"inner": {"text": "hoi"}}"#).unwrap().unwrap();
        let Some(Object(inner)) = p.inner.given() else {
            panic!("inner object");
        };
        assert_eq!(inner.text.given().as_deref(), Some("hoi"));
    }

    #[test]
    fn empty_and_broken_bodies_are_refused_before_any_field() {
        assert!(matches!(probe(""), Err(RequestError::Empty)));
        assert!(matches!(probe(" \n\t"), Err(RequestError::Empty)));
        for broken in [r#"{"text": "#, "[1,2", r#"{"text": "hoi"} x"#, "\u{0}"] {
            assert!(
                matches!(probe(broken), Err(RequestError::NotJson)),
                "{broken}"
            );
        }
        let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(matches!(probe(&deep), Err(RequestError::NotJson)));
        assert!(matches!(
            json_object::<Probe>(b"\xff\xfe\x00"),
            Err(RequestError::NotJson)
        ));
    }
}
