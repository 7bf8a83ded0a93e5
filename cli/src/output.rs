//! Printing results: a table for people, one JSON value for scripts. A closed pipe (`| head`)
//! is not an error.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::args::OutputFormat;
use crate::context::Context;
use crate::{CliError, CliResult, exit};

/// Prints one object: as JSON, or as a two-column field/value table.
pub fn one<T: Serialize>(ctx: &Context, value: &T) -> CliResult {
    let value = to_value(value)?;
    match ctx.output() {
        OutputFormat::Json => json(&value),
        OutputFormat::Table => {
            let mut table = table();
            table.set_header(["field", "value"]);
            if let Value::Object(map) = &value {
                for (key, field) in map {
                    table.add_row([key.clone(), cell(field)]);
                }
            }
            write(&format!("{table}\n"))
        }
    }
}

/// Prints a list: as a JSON array, or as a table of the given columns.
pub fn list<T: Serialize>(ctx: &Context, values: &[T], columns: &[&str]) -> CliResult {
    let value = to_value(&values)?;
    match ctx.output() {
        OutputFormat::Json => json(&value),
        OutputFormat::Table => {
            let mut table = table();
            table.set_header(columns.to_vec());
            for row in value.as_array().into_iter().flatten() {
                table.add_row(
                    columns
                        .iter()
                        .map(|c| cell(row.get(*c).unwrap_or(&Value::Null))),
                );
            }
            write(&format!("{table}\n"))
        }
    }
}

/// Prints a created key: the secret once, with a warning for people.
pub fn message(ctx: &Context, text: &str) -> CliResult {
    match ctx.output() {
        OutputFormat::Json => Ok(()),
        OutputFormat::Table => {
            eprintln!("{text}");
            Ok(())
        }
    }
}

fn table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn to_value<T: Serialize>(value: &T) -> CliResult<Value> {
    serde_json::to_value(value).map_err(|err| CliError::new(exit::FAILURE, err.to_string()))
}

fn json(value: &Value) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| CliError::new(exit::FAILURE, err.to_string()))?;
    write(&format!("{text}\n"))
}

/// Prints a value as one line of JSON, for streams of values (JSON Lines).
pub fn line<T: Serialize>(value: &T) -> CliResult {
    let text = serde_json::to_string(value)
        .map_err(|err| CliError::new(exit::FAILURE, err.to_string()))?;
    write(&format!("{text}\n"))
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn write(text: &str) -> CliResult {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
