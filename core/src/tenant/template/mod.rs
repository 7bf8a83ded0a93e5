//! The template engine for subjects and bodies: merge tags, spintax and a small set of
//! conditionals, parsed once and rendered per recipient with a seed, so that a preview shows
//! exactly what will be sent.
//!
//! Pure logic, no storage and no I/O. [`parse`] checks a template and reports every error it can
//! find, each with its position. [`Template::render`] fills in a lead's values for subjects and
//! text parts; [`Template::render_html`] does the same for HTML bodies and escapes the values.
//! [`html_to_text`] derives the text part of a message whose author wrote only HTML.
//!
//! # Syntax
//!
//! Merge tags
//! - `{{first_name}}` inserts the lead's value. Spaces inside the braces are allowed
//!   (`{{ first_name }}`). Names are case-insensitive: `{{First_Name}}` and `{{FIRST_NAME}}` both
//!   ask the lookup for `first_name`, because names reach the lookup in lower case. A name starts
//!   with a letter or `_` and goes on with letters, digits, `_`, `-` or `.`.
//! - Values are trimmed. A value that is absent, empty or only whitespace counts as missing: the
//!   tag renders its fallback, and without one rendering fails with [`MissingVariable`], so a
//!   message never goes out as "Hi ,".
//! - A fallback is quoted text after a pipe: `{{first_name | "there"}}` or
//!   `{{first_name | 'there'}}`; `{{first_name || "there"}}` and Liquid's
//!   `{{ first_name | default: "there" }}` mean the same. Inside the quotes, `\"`, `\'` and `\\`
//!   stand for the character. `{{first_name | ""}}` is how a template says an empty value is fine.
//! - `{{fallback|{{first_name}}|Sir}}` is the function form of a fallback. Its default runs from
//!   the second `|` to the closing `}}`, keeps its whitespace, and may hold spintax and further
//!   merge tags (`{{fallback|{{nickname}}|{{first_name}}}}` falls back from one field to another).
//! - Unquoted text after the pipe is an error rather than a guess: `{{first_name|there}}` is read
//!   neither as spintax (as some tools do) nor as a fallback. So is any Liquid filter other than
//!   `default:`, and any second pipe.
//! - `random` and `fallback` are keywords in any case and cannot be used as variable names.
//!
//! Spintax
//! - `{Hi|Hello|Hey}` renders one of its alternatives. Alternatives keep their whitespace, may be
//!   empty (`{|P.S. }`), may hold merge tags, and may nest (`{Hi|Hello {there|friend}}`).
//! - `{{RANDOM|Hi|Hello}}` does the same; the keyword is case-insensitive, at least two options
//!   are needed, and their whitespace is kept: `{{RANDOM | Hi | Hello }}` renders " Hi " or
//!   " Hello ".
//! - A brace group with no `|` at its own level is not spintax: it renders as written, braces
//!   included. CSS rules in a `<style>` block (`p { margin: 0 }`) and copy such as "{beta}" need
//!   no escaping for that reason. Braces must still balance, and a `|` inside a CSS rule would
//!   turn the rule into spintax, so it must be written `\|`.
//! - `{{` always opens a merge tag, so a group cannot start with a nested group: write
//!   `{Hey|{Hi|Hello} there}`, not `{{Hi|Hello} there|Hey}`. Three braces are one group brace
//!   and a merge tag, so `{{{first_name}}|there}` works; Mustache's `{{{name}}}` is an error.
//!
//! Conditionals, a subset of Liquid
//! - `{% if industry == "SaaS" %}…{% elsif industry %}…{% else %}…{% endif %}`. A test is a
//!   variable alone (true when it has a non-blank value), or a variable and `==`, `!=` or
//!   `contains` with quoted text, or `== empty` / `!= empty` (`blank` and `nil` work too). Values
//!   are trimmed and compared case-sensitively. A missing value is simply empty here, never an
//!   error. Other tags (`for`, `unless`, `assign`, …), `and` / `or` and whitespace control
//!   (`{%-`) are reported as errors.
//!
//! Literal characters
//! - `\{`, `\}` and `\|` write a brace or a pipe as text, anywhere. Before one of those three, a
//!   run of backslashes is halved and an odd one left over escapes the character, so `\\{a|b}` is
//!   a backslash and then a group. A backslash before anything else is plain text
//!   (`C:\temp` stays as it is). A `|` outside any group is plain text.
//!
//! # Choices and seeds
//!
//! Each spintax group and RANDOM tag draws its alternative from the render seed and its own key.
//! The key is a hash of the group's source text and of how many identical groups come before it,
//! so editing one group reshuffles that group and any group containing it, never the others, and
//! two identical groups still draw independently. The same template, values and seed always render
//! the same text. [`seed`] derives the seed from campaign, lead, step and part with SHA-256,
//! which keeps previews and sends in agreement across processes and releases.
//!
//! Only the alternatives and branches that are rendered ask the lookup for values, so a missing
//! value in an alternative that was not drawn does not stop the send. Callers that want every
//! field to be present check [`Template::variables`] first.
//!
//! # HTML
//!
//! The engine does not parse HTML: tags, attributes and CSS are text to it.
//! [`Template::render_html`] escapes values from the lookup (`&`, `<`, `>`, `"`, `'`), which is
//! safe in element content and in quoted attributes; it does not URL-encode values placed inside
//! a link's URL. What the author wrote, including fallbacks and alternatives, is markup and is
//! not escaped, so a fallback in an HTML body is written as HTML (`"Smith &amp; Co"`).
//!
//! # Limits
//!
//! Groups, RANDOM tags, function fallbacks and if blocks nest at most 32 deep, and parsing stops
//! after 50 errors; both keep a hostile template as cheap to check as an ordinary one.

mod html_text;
pub(crate) use html_text::decode_entities;
mod parse;
mod render;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use html_text::html_to_text;

use parse::Node;

/// A parsed subject or body, ready to render for any number of recipients.
#[derive(Debug, Clone)]
pub struct Template {
    nodes: Vec<Node>,
}

/// A mistake in a template, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct TemplateError {
    /// Byte offset into the source.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in words an author can act on.
    pub message: String,
}

/// One use of a variable in a template.
///
/// Merge tags report the position of their opening `{{`. Variables tested in `{% if %}` tags
/// report the position of the name and `has_fallback: true`, because a missing value there does
/// not stop the render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableUse {
    /// The name in lower case, as the lookup receives it.
    pub name: String,
    /// Whether a missing value is covered (by a fallback, or because the use is a test).
    pub has_fallback: bool,
    /// Byte offset into the source.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// A merge tag had no value and no fallback, so the message cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no value for {{{{{name}}}}} and no fallback")]
pub struct MissingVariable {
    /// The variable's name in lower case.
    pub name: String,
}

/// Parses a subject or body, collecting every error it can find.
pub fn parse(source: &str) -> Result<Template, Vec<TemplateError>> {
    parse::parse(source).map(|nodes| Template { nodes })
}

impl Template {
    /// Every variable the template uses, in source order, including those in alternatives and
    /// branches that a given render may not reach.
    pub fn variables(&self) -> Vec<VariableUse> {
        let mut uses = Vec::new();
        parse::collect_variables(&self.nodes, &mut uses);
        uses.sort_by_key(|u| u.offset);
        uses
    }

    /// Renders a subject or a text part: values are inserted as they are (trimmed).
    ///
    /// `lookup` receives lower-case names. The result depends only on the template, the values
    /// and `seed`.
    pub fn render(
        &self,
        lookup: &dyn Fn(&str) -> Option<String>,
        seed: u64,
    ) -> Result<String, MissingVariable> {
        render::render(&self.nodes, lookup, seed, false)
    }

    /// Renders an HTML body: values from `lookup` are HTML-escaped, the template's own text is
    /// not. Draws the same alternatives as [`Template::render`] for the same seed.
    pub fn render_html(
        &self,
        lookup: &dyn Fn(&str) -> Option<String>,
        seed: u64,
    ) -> Result<String, MissingVariable> {
        render::render(&self.nodes, lookup, seed, true)
    }
}

/// The seed for one part (`"subject"`, `"html"`, `"text"`, …) of one step sent to one lead.
///
/// The first eight bytes, big-endian, of SHA-256 over a fixed label, both ids, the step and the
/// length-prefixed part. The format is frozen: changing it would make sends disagree with
/// earlier previews.
pub fn seed(campaign_id: Uuid, lead_id: Uuid, step: u32, part: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(b"penguinmails/template-seed/v1\0");
    hasher.update(campaign_id.as_bytes());
    hasher.update(lead_id.as_bytes());
    hasher.update(step.to_be_bytes());
    hasher.update((part.len() as u64).to_be_bytes());
    hasher.update(part.as_bytes());
    first_u64(&hasher.finalize())
}

/// The first eight bytes of a digest as a big-endian number.
fn first_u64(digest: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}
