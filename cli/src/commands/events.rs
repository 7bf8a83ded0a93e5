//! `penguin events classify|ingest`

use std::path::PathBuf;

use clap::{Args, Subcommand};
use penguin_core::events::inbound;
use penguin_core::inbound::{Classification, Verdict};
use serde::Serialize;
use serde_json::Value;

use crate::context::Context;
use crate::{CliError, CliResult, exit, output};

#[derive(Debug, Subcommand)]
pub enum Events {
    /// Classify raw messages (bounce, complaint, auto-reply, other) without changing anything.
    Classify(Files),
    /// Ingest raw messages: classify them, match them to the sends they answer, and record
    /// their events (suppression, stopped enrollments).
    Ingest(Files),
}

impl Events {
    pub async fn run(&self, ctx: &mut Context) -> CliResult {
        match self {
            Self::Classify(files) => files.classify(ctx),
            Self::Ingest(files) => files.ingest(ctx).await,
        }
    }
}

#[derive(Debug, Args)]
pub struct Files {
    /// RFC 5322 message files (.eml), e.g. from a bounce mailbox.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// One file's classification, as printed.
#[derive(Serialize)]
struct Classified {
    file: String,
    #[serde(flatten)]
    classification: Classification,
    /// A one-line summary, for the table.
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    send_id: Option<uuid::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<usize>,
}

impl Files {
    fn read(&self) -> CliResult<Vec<(String, Vec<u8>)>> {
        self.files
            .iter()
            .map(|path| {
                let name = path.display().to_string();
                match std::fs::read(path) {
                    Ok(raw) if raw.is_empty() => Err(CliError::new(
                        exit::INVALID,
                        format!("{name}: the file is empty"),
                    )),
                    Ok(raw) => Ok((name, raw)),
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(CliError::new(
                        exit::NOT_FOUND,
                        format!("{name}: no such file"),
                    )),
                    Err(err) => Err(CliError::new(exit::INVALID, format!("{name}: {err}"))),
                }
            })
            .collect()
    }

    fn classify(&self, ctx: &Context) -> CliResult {
        let rows: Vec<Classified> = self
            .read()?
            .into_iter()
            .map(|(file, raw)| {
                let classification = penguin_core::inbound::classify(&raw);
                Classified {
                    summary: summary(&classification),
                    file,
                    classification,
                    send_id: None,
                    events: None,
                }
            })
            .collect();
        output::list(ctx, &rows, &["file", "kind", "summary"])
    }

    async fn ingest(&self, ctx: &mut Context) -> CliResult {
        let files = self.read()?;
        let pool = ctx.pool().await?;
        let mut rows = Vec::with_capacity(files.len());
        for (file, raw) in files {
            let ingested = inbound::ingest(&pool, None, &raw).await?;
            rows.push(Classified {
                summary: summary(&ingested.classification),
                file,
                classification: ingested.classification,
                send_id: ingested.send_id,
                events: Some(ingested.events),
            });
        }
        output::list(
            ctx,
            &rows,
            &["file", "kind", "summary", "send_id", "events"],
        )
    }
}

/// What a person wants to see of a classification in one line.
fn summary(classification: &Classification) -> String {
    match &classification.verdict {
        Verdict::Bounce(bounce) => bounce
            .recipients
            .iter()
            .map(|r| {
                let class = if r.hard { "hard" } else { "soft" };
                format!("{} {} {class} ({})", r.address, r.status, r.reason.as_str())
            })
            .collect::<Vec<_>>()
            .join("; "),
        Verdict::Complaint(complaint) => match serde_json::to_value(complaint.feedback_type) {
            Ok(Value::String(kind)) => format!("feedback: {kind}"),
            _ => "feedback".to_owned(),
        },
        Verdict::AutoReply(_) | Verdict::Other => String::new(),
    }
}
