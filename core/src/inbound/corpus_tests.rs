//! The bounce, complaint and auto-reply corpus (real messages from other projects, see each
//! folder's SOURCES.md) against the results its expected.json files state.
//!
//! Prints the agreement per folder, every disagreement with both answers, and asserts at least
//! 95% agreement on the kind and on hard/soft. Where we disagree on purpose, docs/INBOUND.md
//! says why.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

/// The least agreement the corpus must reach, in percent.
const REQUIRED: f64 = 95.0;

#[derive(Deserialize)]
struct ExpectedBounce {
    file: String,
    recipients: Vec<ExpectedRecipient>,
}

#[derive(Deserialize)]
struct ExpectedRecipient {
    status: String,
    replycode: String,
    reason: String,
    hardbounce: bool,
}

#[derive(Deserialize)]
struct ExpectedComplaint {
    file: String,
    expected: Vec<ExpectedFeedback>,
}

#[derive(Deserialize)]
struct ExpectedFeedback {
    feedbacktype: String,
}

#[derive(Deserialize)]
struct ExpectedAutoReply {
    file: String,
}

/// Agreement counts of one measure.
#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, agrees: bool) {
        self.total += 1;
        self.agree += usize::from(agrees);
    }

    fn percent(&self) -> f64 {
        if self.total == 0 {
            return 100.0;
        }
        100.0 * self.agree as f64 / self.total as f64
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what:<44} {:>3}/{:<3} {:>6.1}%",
            self.agree,
            self.total,
            self.percent()
        )
    }
}

fn folder(name: &str) -> PathBuf {
    Path::new(CORPUS).join(name)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| {
        panic!(
            "{}: {err} (the corpus sits beside the repository)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

fn eml_files(dir: &Path, prefix: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".eml"))
        .map(|name| format!("{prefix}{name}"))
        .collect();
    files.sort();
    files
}

fn classify_file(path: &Path) -> Classification {
    let raw = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let classification = classify(&raw);
    let json = serde_json::to_string(&classification).unwrap();
    let back: Classification = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back,
        classification,
        "{} survives a JSON round trip",
        path.display()
    );
    classification
}

/// Sisimai reports statuses it made up as `x.0.9xx`; those are not codes a message can hold.
fn is_made_up_status(status: &str) -> bool {
    status
        .split('.')
        .nth(2)
        .is_some_and(|detail| detail.len() == 3 && detail.starts_with('9'))
}

#[test]
fn bounces_agree_with_the_corpus() {
    let dir = folder("bounces");
    let expected: Vec<ExpectedBounce> = read_json(&dir.join("expected.json"));
    let mut on_disk = eml_files(&dir.join("eml"), "eml/");
    on_disk.extend(eml_files(
        &dir.join("newline-variants"),
        "newline-variants/",
    ));
    on_disk.extend(eml_files(&dir.join("not-bounce"), "not-bounce/"));
    let mut listed: Vec<String> = expected.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every bounce corpus file has an expectation"
    );

    let mut kind = Tally::default();
    let mut hard = Tally::default();
    let mut status = Tally::default();
    let mut reason = Tally::default();
    let mut code = Tally::default();
    let mut not_bounce = Tally::default();
    let mut count = Tally::default();
    for case in &expected {
        let got = classify_file(&dir.join(&case.file));
        let expected_kind = if case.recipients.is_empty() {
            None
        } else if case.recipients.iter().all(|r| r.reason == "feedback") {
            Some(Kind::Complaint)
        } else {
            Some(Kind::Bounce)
        };
        let Some(expected_kind) = expected_kind else {
            let ok = got.kind() != Kind::Bounce;
            not_bounce.add(ok);
            kind.add(ok);
            if !ok {
                println!(
                    "DIFF {:<44} kind: expected not a bounce, got {:?}",
                    case.file,
                    got.kind()
                );
            }
            continue;
        };
        kind.add(got.kind() == expected_kind);
        if got.kind() != expected_kind {
            println!(
                "DIFF {:<44} kind: expected {expected_kind:?}, got {:?}",
                case.file,
                got.kind()
            );
        }
        if expected_kind != Kind::Bounce {
            continue;
        }

        let recipients = got.recipients();
        count.add(recipients.len() == case.recipients.len());
        if recipients.len() != case.recipients.len() {
            println!(
                "DIFF {:<44} recipients: expected {}, got {}",
                case.file,
                case.recipients.len(),
                recipients.len()
            );
        }
        for (i, want) in case.recipients.iter().enumerate() {
            let ours = recipients.get(i);
            // A recipient we did not report is not a hard bounce for us.
            let ours_hard = ours.is_some_and(|r| r.hard);
            hard.add(ours_hard == want.hardbounce);
            let ours_status = ours.map(|r| r.status.to_string()).unwrap_or_default();
            let ours_reason = ours.map_or("-", |r| r.reason.as_str());
            let ours_code = ours
                .and_then(|r| r.reply_code)
                .map(|c| c.to_string())
                .unwrap_or_default();
            if !is_made_up_status(&want.status) {
                status.add(ours_status == want.status);
            }
            reason.add(ours_reason == want.reason);
            code.add(ours_code == want.replycode);
            let marks = [
                (ours_hard != want.hardbounce, "HARD"),
                (
                    !is_made_up_status(&want.status) && ours_status != want.status,
                    "status",
                ),
                (ours_reason != want.reason, "reason"),
            ];
            let differs: Vec<&str> = marks.iter().filter(|(d, _)| *d).map(|(_, m)| *m).collect();
            if !differs.is_empty() {
                println!(
                    "diff {:<44} #{i} [{}] expected {} {} {} hard={} | got {} {} {} hard={} {:?}",
                    case.file,
                    differs.join(","),
                    want.status,
                    want.replycode,
                    want.reason,
                    want.hardbounce,
                    ours_status,
                    ours_code,
                    ours_reason,
                    ours_hard,
                    ours.and_then(|r| r.diagnostic.as_deref())
                        .map(|d| d.chars().take(90).collect::<String>()),
                );
            }
        }
    }

    println!("bounces/ ({} files)", expected.len());
    println!(
        "  {}",
        kind.line("kind (bounce / complaint / not a bounce)")
    );
    println!(
        "  {}",
        not_bounce.line("not-bounce/ not classified as bounce")
    );
    println!("  {}", hard.line("hard/soft per recipient"));
    println!(
        "  {}",
        status.line("status per recipient (made-up codes skipped)")
    );
    println!(
        "  {}",
        reason.line("reason class per recipient (not asserted)")
    );
    println!("  {}", code.line("reply code per recipient (not asserted)"));
    println!(
        "  {}",
        count.line("recipient count per bounce (not asserted)")
    );
    assert!(kind.percent() >= REQUIRED, "{}", kind.line("kind"));
    assert!(hard.percent() >= REQUIRED, "{}", hard.line("hard/soft"));
    assert_eq!(
        not_bounce.agree, not_bounce.total,
        "not-bounce/ holds no bounce"
    );
}

#[test]
fn complaints_agree_with_the_corpus() {
    let dir = folder("complaints-arf");
    let expected: Vec<ExpectedComplaint> = read_json(&dir.join("expected.json"));
    let mut listed: Vec<String> = expected.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    assert_eq!(
        eml_files(&dir.join("eml"), "eml/"),
        listed,
        "every complaint has an expectation"
    );

    let mut kind = Tally::default();
    let mut feedback = Tally::default();
    for case in &expected {
        let got = classify_file(&dir.join(&case.file));
        kind.add(got.kind() == Kind::Complaint);
        let reports = match &got.verdict {
            Verdict::Complaint(complaint) => complaint.reports.as_slice(),
            _ => &[],
        };
        let types: Vec<String> = reports
            .iter()
            .map(|r| {
                serde_json::to_value(r.feedback_type)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let wanted: Vec<&str> = case
            .expected
            .iter()
            .map(|e| e.feedbacktype.as_str())
            .collect();
        for (i, want) in wanted.iter().enumerate() {
            feedback.add(types.get(i).map(String::as_str) == Some(*want));
        }
        if got.kind() != Kind::Complaint || types != wanted {
            println!(
                "DIFF {:<44} expected complaint {wanted:?}, got {:?} {types:?}",
                case.file,
                got.kind()
            );
        }
    }
    println!("complaints-arf/ ({} files)", expected.len());
    println!("  {}", kind.line("kind complaint"));
    println!("  {}", feedback.line("feedback type per reported message"));
    assert!(kind.percent() >= REQUIRED, "{}", kind.line("kind"));
    assert!(
        feedback.percent() >= REQUIRED,
        "{}",
        feedback.line("feedback type")
    );
}

#[test]
fn auto_replies_agree_with_the_corpus() {
    let dir = folder("auto-replies");
    let expected: Vec<ExpectedAutoReply> = read_json(&dir.join("expected.json"));
    let mut listed: Vec<String> = expected.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    assert_eq!(
        eml_files(&dir.join("eml"), "eml/"),
        listed,
        "every auto-reply has an expectation"
    );

    let mut kind = Tally::default();
    for case in &expected {
        let got = classify_file(&dir.join(&case.file));
        kind.add(got.kind() == Kind::AutoReply);
        if got.kind() != Kind::AutoReply {
            println!(
                "DIFF {:<44} expected auto_reply, got {:?}",
                case.file,
                got.kind()
            );
        }
    }
    println!("auto-replies/ ({} files)", expected.len());
    println!("  {}", kind.line("kind auto_reply (never bounce)"));
    assert!(kind.percent() >= REQUIRED, "{}", kind.line("kind"));
}

#[test]
fn human_replies_are_other() {
    let dir = folder("replies/talon-plain");
    let mut kind = Tally::default();
    for file in eml_files(&dir, "") {
        let got = classify_file(&dir.join(&file));
        let human = got.kind() == Kind::Other && got.automated.is_none();
        kind.add(human);
        if !human {
            println!(
                "DIFF replies/talon-plain/{file:<30} expected other, got {:?} ({:?})",
                got.kind(),
                got.automated
            );
        }
    }
    println!("replies/talon-plain/");
    println!("  {}", kind.line("kind other"));
    assert!(kind.percent() >= REQUIRED, "{}", kind.line("kind"));
}

#[test]
fn newline_variants_classify_like_their_originals() {
    let dir = folder("bounces");
    for variant in eml_files(&dir.join("newline-variants"), "") {
        let original = variant
            .trim_start_matches("dos-")
            .trim_start_matches("mac-");
        let a = classify_file(&dir.join("newline-variants").join(&variant));
        let b = classify_file(&dir.join("eml").join(original));
        assert_eq!(a, b, "{variant} differs from eml/{original}");
    }
}

/// Every corpus message cut short at many points, and with a slice cut out of its middle,
/// still classifies without a panic.
#[test]
fn damaged_corpus_messages_never_panic() {
    let mut files: Vec<PathBuf> = Vec::new();
    for (dir, sub) in [
        ("bounces", "eml"),
        ("bounces", "newline-variants"),
        ("bounces", "not-bounce"),
        ("complaints-arf", "eml"),
        ("auto-replies", "eml"),
        ("replies", "talon-plain"),
    ] {
        let path = folder(dir).join(sub);
        files.extend(eml_files(&path, "").into_iter().map(|f| path.join(f)));
    }
    let mut runs = 0;
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let step = (raw.len() / 150).max(1);
        let cuts = (0..raw.len()).step_by(step).chain([raw.len()]);
        for cut in cuts {
            let damaged: [Vec<u8>; 2] =
                [raw[..cut].to_vec(), [&raw[..cut / 2], &raw[cut..]].concat()];
            for input in damaged {
                runs += 1;
                let outcome = catch_unwind(AssertUnwindSafe(|| classify(&input)));
                assert!(outcome.is_ok(), "{} cut at {cut} panicked", path.display());
            }
        }
    }
    println!(
        "{} damaged variants of {} files classified without a panic",
        runs,
        files.len()
    );
}
