//! Small validated values. Their constructors are the only way in, so code that holds one can
//! trust it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// A display name: trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 200;

    /// Checks `value` as the field `field`. Runs of whitespace of any kind become one space, so
    /// names that look the same are the same.
    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        if value.chars().any(is_invisible) {
            return Err(FieldError::new(
                field,
                "must not contain invisible or direction-changing characters",
            ));
        }
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = value.as_str();
        if value.is_empty() {
            return Err(FieldError::new(field, "must not be empty"));
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "must not contain control characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Format characters that render as nothing or reorder text: zero-width spaces and joiners,
/// direction marks and overrides, the byte-order mark, soft hyphens.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// An IANA time zone name such as `Europe/Berlin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub const UTC: Self = Self(chrono_tz::Tz::UTC);

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        chrono_tz::Tz::from_str(value.trim())
            .map(Self)
            .map_err(|_| {
                FieldError::new(
                    field,
                    format!("'{value}' is not an IANA time zone like Europe/Berlin"),
                )
            })
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl TryFrom<String> for TimeZone {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("timezone", &value).map_err(|err| err.message)
    }
}

impl From<TimeZone> for String {
    fn from(value: TimeZone) -> Self {
        value.name().to_owned()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("name", "  Acme  ").unwrap().as_str(), "Acme");
        assert!(Name::parse("name", "   ").is_err());
        assert!(Name::parse("name", &"x".repeat(201)).is_err());
        assert!(Name::parse("name", "a\u{0}b").is_err());
        assert!(Name::parse("name", "Tenant A\u{200b}").is_err());
        assert!(Name::parse("name", "\u{202e}A tnaneT").is_err());
        assert_eq!(
            Name::parse("name", "Tenant\u{a0} \t A").unwrap().as_str(),
            "Tenant A"
        );
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(
            TimeZone::parse("tz", "Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        let err = TimeZone::parse("timezone", "Mars/Olympus").unwrap_err();
        assert_eq!(err.field, "timezone");
    }
}
