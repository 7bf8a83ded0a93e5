//! The shared templating corpus: every case rendered with many seeds, every output checked
//! against the case's allowed set. Cases without an allowed set are policy questions; the
//! answers this engine gives are listed in [`policy`]. Where a case contradicts its own rule,
//! [`erratum`] records the correction, and the summary shows it.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::parse;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/templating/spintax-cases.json"
);

const SEEDS: u64 = 200;

#[derive(Deserialize)]
struct Corpus {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    template: String,
    lead: serde_json::Map<String, serde_json::Value>,
    allowed_outputs: Option<Vec<String>>,
    rule: String,
}

/// What the engine does where the corpus leaves the decision to us.
enum Policy {
    /// Rendering fails because this variable has no value and no fallback.
    Missing(&'static str),
    /// The template does not parse; the first error's message starts with this.
    ParseError(&'static str),
}

fn policy(id: &str) -> Option<Policy> {
    match id {
        // Refuse to send rather than render "Hi ," or the raw tag.
        "missing-var-policy" => Some(Policy::Missing("nickname")),
        // Neither spintax nor a fallback: unquoted text after `|` is an error with a hint.
        "double-brace-ambiguity" => Some(Policy::ParseError("fallback text must be in quotes")),
        _ => None,
    }
}

/// A corrected allowed set for a case whose listed set contradicts its own rule, and why.
fn erratum(id: &str) -> Option<(&'static [&'static str], &'static str)> {
    match id {
        // The rule says whitespace inside options is kept verbatim; the template has no space
        // between "Hello" and "}}", yet the listed set has " Hello ".
        "keyword-random" => Some((
            &[" Hi ", " Hello"],
            "corpus lists \" Hello \"; the template has no space before }}, so verbatim \
             whitespace gives \" Hello\"",
        )),
        _ => None,
    }
}

#[test]
fn every_corpus_case_renders_only_allowed_outputs() {
    let json = std::fs::read_to_string(CORPUS).unwrap_or_else(|e| panic!("{CORPUS}: {e}"));
    let corpus: Corpus = serde_json::from_str(&json).expect("corpus is valid JSON");
    assert!(!corpus.cases.is_empty());

    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for case in &corpus.cases {
        match check(case) {
            Ok(note) => summary.push(format!("ok    {:<24} {note}", case.id)),
            Err(why) => {
                summary.push(format!("FAIL  {:<24} {why}", case.id));
                failures.push(format!("{} ({}): {why}", case.id, case.rule));
            }
        }
    }
    println!(
        "templating corpus: {} cases, {} passed, {} failed\n{}",
        corpus.cases.len(),
        corpus.cases.len() - failures.len(),
        failures.len(),
        summary.join("\n")
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

fn check(case: &Case) -> Result<String, String> {
    let lookup = |name: &str| {
        case.lead
            .iter()
            .find(|(key, _)| key.to_lowercase() == name)
            .and_then(|(_, value)| value.as_str().map(str::to_owned))
    };
    let parsed = parse(&case.template);

    let Some(allowed) = &case.allowed_outputs else {
        return match (policy(&case.id), parsed) {
            (None, _) => Err("no allowed outputs and no policy decision recorded".into()),
            (Some(Policy::ParseError(expected)), Err(errors)) => {
                if errors[0].message.starts_with(expected) {
                    Ok(format!("policy: parse error \"{}\"", errors[0]))
                } else {
                    Err(format!("wrong parse error: {}", errors[0]))
                }
            }
            (Some(Policy::ParseError(_)), Ok(_)) => Err("parsed, expected a parse error".into()),
            (Some(Policy::Missing(name)), Ok(template)) => match template.render(&lookup, 0) {
                Err(missing) if missing.name == name => {
                    Ok(format!("policy: refused, \"{missing}\""))
                }
                other => Err(format!("expected a missing {name}, got {other:?}")),
            },
            (Some(Policy::Missing(_)), Err(errors)) => Err(format!("parse failed: {errors:?}")),
        };
    };

    let template = parsed.map_err(|errors| format!("parse failed: {errors:?}"))?;
    let mut allowed: BTreeSet<&str> = allowed.iter().map(String::as_str).collect();
    let mut note = String::new();
    if let Some((corrected, why)) = erratum(&case.id) {
        let corrected: BTreeSet<&str> = corrected.iter().copied().collect();
        if corrected == allowed {
            return Err("the corpus was fixed: remove its erratum".into());
        }
        allowed = corrected;
        note = format!(" (erratum: {why})");
    }
    let mut seen = BTreeSet::new();
    for seed in 0..SEEDS {
        let seed = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let out = template
            .render(&lookup, seed)
            .map_err(|e| format!("seed {seed}: {e}"))?;
        if !allowed.contains(out.as_str()) {
            return Err(format!("seed {seed}: {out:?} is not allowed"));
        }
        seen.insert(out);
    }
    if allowed.len() > 1 && seen.len() < 2 {
        return Err(format!("only {seen:?} over {SEEDS} seeds"));
    }
    Ok(format!(
        "{} of {} allowed outputs seen{note}",
        seen.len(),
        allowed.len()
    ))
}
