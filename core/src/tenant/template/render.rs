//! Rendering a parsed template for one recipient: values from the lookup, alternatives drawn
//! from the seed.

use super::MissingVariable;
use super::parse::{Condition, Node, Test};

pub(super) fn render(
    nodes: &[Node],
    lookup: &dyn Fn(&str) -> Option<String>,
    seed: u64,
    html: bool,
) -> Result<String, MissingVariable> {
    let renderer = Renderer { lookup, seed, html };
    let mut out = String::new();
    renderer.nodes(nodes, &mut out)?;
    Ok(out)
}

struct Renderer<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    seed: u64,
    html: bool,
}

impl Renderer<'_> {
    fn nodes(&self, nodes: &[Node], out: &mut String) -> Result<(), MissingVariable> {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Var(var) => match (self.value(&var.name), &var.fallback) {
                    (Some(value), _) if self.html => escape_html(&value, out),
                    (Some(value), _) => out.push_str(&value),
                    (None, Some(fallback)) => self.nodes(fallback, out)?,
                    (None, None) => {
                        return Err(MissingVariable {
                            name: var.name.clone(),
                        });
                    }
                },
                Node::Choice(choice) => {
                    let index = pick(self.seed, choice.key, choice.alternatives.len());
                    self.nodes(&choice.alternatives[index], out)?;
                }
                Node::If(block) => {
                    let branch = block
                        .branches
                        .iter()
                        .find(|(condition, _)| self.holds(condition))
                        .map_or(&block.otherwise, |(_, body)| body);
                    self.nodes(branch, out)?;
                }
            }
        }
        Ok(())
    }

    /// The trimmed value, or `None` when it is absent or blank.
    fn value(&self, name: &str) -> Option<String> {
        let value = (self.lookup)(name)?;
        let trimmed = value.trim();
        if trimmed.is_empty() {
            None
        } else if trimmed.len() == value.len() {
            Some(value)
        } else {
            Some(trimmed.to_owned())
        }
    }

    fn holds(&self, condition: &Condition) -> bool {
        let value = self.value(&condition.name).unwrap_or_default();
        match &condition.test {
            Test::Present => !value.is_empty(),
            Test::Blank => value.is_empty(),
            Test::Equals(text) => value == *text,
            Test::NotEquals(text) => value != *text,
            Test::Contains(text) => value.contains(text.as_str()),
        }
    }
}

/// The alternative, out of `count`, that `seed` draws for the choice with `key`.
///
/// SplitMix64's finalizer mixes seed and key, so a change to either bit of input changes the
/// draw; the multiply-shift maps the 64-bit result onto `0..count` with negligible bias.
pub(super) fn pick(seed: u64, key: u64, count: usize) -> usize {
    let mixed = mix(mix(seed) ^ key);
    ((u128::from(mixed) * count as u128) >> 64) as usize
}

fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Escapes text for HTML element content and quoted attribute values.
pub(super) fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
