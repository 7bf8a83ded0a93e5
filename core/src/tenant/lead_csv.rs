//! Lead import from CSV files as CRMs and spreadsheets export them. [`LeadCsv`] sniffs the
//! encoding, delimiter, header and columns from the first 64 KiB, then streams the rest record
//! by record with fixed buffers, so memory stays flat whatever the file's size. Each record
//! becomes a [`Row`]: a lead, a row whose address is invalid, or a row without one. Only
//! problems with the whole file are errors ([`ImportError`]); a malformed row never stops the
//! import.
//!
//! What it copes with, and how:
//! - UTF-8 with or without a byte-order mark, UTF-16 with a mark, Windows-1252 when the start of
//!   the file is not UTF-8; LF, CRLF or CR line ends; quoted fields with line breaks and tabs.
//! - Comma, semicolon or tab as delimiter, or what an Excel "sep=;" first line declares.
//! - A preamble above the header (LinkedIn's "Notes:"); no header at all, in which case the
//!   email column is the one holding addresses and the others are named `column_N`.
//! - Header names of common exports in any case and punctuation ("E-mail 1 - Value", "Given
//!   Name"...); the first column wins a field, later ones become custom fields with a suffix.
//! - `null`, `None`, `N/A`, `#N/A`, `[not provided]`, `-` and empty cells are absent values; the
//!   apostrophe spreadsheets put before numbers (`'+49 ...`) is dropped; values are trimmed.
//! - Rows with more or fewer fields than the header: missing fields are absent, extra ones kept
//!   as `column_N`. When an unquoted delimiter inside a field pushed the email out of its column,
//!   the email is read where the surplus moved it to (see [`LeadCsv`]).
//! - Rows of only delimiters (as spreadsheets leave at the end) and copies of the header row
//!   (from concatenated files) are skipped like blank lines.
//! - A quoted field that is never closed would swallow the rest of the file: a record over
//!   1 MiB ends the import with [`ImportError::RecordTooLong`] naming its line.
//!
//! Limitation: the encoding is decided on the first 64 KiB. A UTF-8 file whose first non-UTF-8
//! byte comes later gets U+FFFD for the bad bytes rather than a Windows-1252 reading, and a
//! header further down than 20 records or 64 KiB is not found (map columns by number instead).

mod columns;
#[cfg(test)]
mod corpus_tests;
mod decode;
mod sniff;

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use self::columns::Columns;
use self::decode::DecodingReader;
use crate::email::EmailAddress;

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    Company,
    Title,
    Phone,
    Website,
    TimeZone,
    /// Any other column, by its snake_case name: the template variable `{{name}}`.
    Custom(String),
}

impl Field {
    /// A field by name, as a user writes it in a mapping: "email", "first_name" (or "First
    /// Name", "firstname"), "last_name", "company", "title", "phone", "website", "timezone".
    /// Anything else is a custom field under its snake_case name ("Lead Source" →
    /// `Custom("lead_source")`).
    pub fn parse(name: &str) -> Field {
        match columns::header_key(name).as_str() {
            "email" => Field::Email,
            "firstname" => Field::FirstName,
            "lastname" => Field::LastName,
            "company" => Field::Company,
            "title" => Field::Title,
            "phone" => Field::Phone,
            "website" => Field::Website,
            "timezone" => Field::TimeZone,
            _ => Field::Custom(custom_key(name)),
        }
    }

    /// The field's name as [`Field::parse`] reads it back and templates use it.
    pub fn key(&self) -> &str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Company => "company",
            Field::Title => "title",
            Field::Phone => "phone",
            Field::Website => "website",
            Field::TimeZone => "timezone",
            Field::Custom(name) => name,
        }
    }
}

/// The snake_case key of a custom field, or the name as written when nothing of it is ASCII.
fn custom_key(name: &str) -> String {
    let key = columns::snake_case(name);
    if key.is_empty() {
        name.trim().to_owned()
    } else {
        key
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Field::parse(&name))
    }
}

/// Explicit column assignments that override what the header says. A key is a header name
/// (matched case-insensitively, then ignoring punctuation) or a 1-based column number written
/// "#3".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<(String, Field)>,
}

impl Mapping {
    /// Adds one assignment.
    pub fn with(mut self, column: impl Into<String>, field: Field) -> Self {
        self.columns.push((column.into(), field));
        self
    }

    /// Reads one assignment written "COLUMN=FIELD", e.g. "E-mail=email" or "#3=first_name".
    pub fn parse_entry(entry: &str) -> Result<(String, Field), ImportError> {
        match entry.rsplit_once('=') {
            Some((column, field)) if !column.trim().is_empty() && !field.trim().is_empty() => {
                Ok((column.trim().to_owned(), Field::parse(field)))
            }
            _ => Err(ImportError::MappingSyntax {
                entry: entry.to_owned(),
            }),
        }
    }
}

/// One lead read from the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeadRecord {
    /// The 1-based physical line on which the record starts.
    pub line: u64,
    pub email: EmailAddress,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub timezone: Option<String>,
    /// Every other non-empty cell, by snake_case column name.
    pub custom: BTreeMap<String, String>,
}

/// What one data record of the file turned out to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Row {
    Lead(LeadRecord),
    /// The email cell holds something that is not an address we can send to.
    Invalid {
        line: u64,
        reason: String,
    },
    /// The email cell is empty (or a placeholder such as "N/A").
    NoEmail {
        line: u64,
    },
}

impl Row {
    /// The 1-based physical line on which the record starts.
    pub fn line(&self) -> u64 {
        match self {
            Row::Lead(lead) => lead.line,
            Row::Invalid { line, .. } | Row::NoEmail { line } => *line,
        }
    }
}

/// What [`LeadCsv::new`] found out about the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detected {
    pub delimiter: u8,
    /// The 1-based line of the header row; `None` when the file has none.
    pub header_line: Option<u64>,
    /// Each column by what a mapping calls it (its header text, or "#N" without a header), and
    /// the field it is read into.
    pub columns: Vec<(String, Field)>,
    /// The encoding's WHATWG name: "UTF-8", "UTF-16LE", "windows-1252"...
    pub encoding: &'static str,
}

impl Detected {
    /// The name of the column the addresses are read from.
    pub fn email_column(&self) -> Option<&str> {
        self.columns
            .iter()
            .find(|(_, field)| *field == Field::Email)
            .map(|(name, _)| name.as_str())
    }
}

/// A problem with the whole file or the mapping; problems with one row are [`Row`]s.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read the file: {0}")]
    Io(#[from] io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("this is not a text file; if it is a spreadsheet, save it as CSV first")]
    NotText,
    #[error("found no complete line in the first 64 KiB; is this a CSV file?")]
    NoCompleteLine,
    #[error("no email column found: {hint}")]
    NoEmailColumn { hint: String },
    #[error("mapping names a column the file does not have: '{column}'{hint}")]
    UnknownColumn { column: String, hint: String },
    #[error("the mapping names column '{column}' twice")]
    ColumnMappedTwice { column: String },
    #[error("the mapping gives the field '{field}' to two columns: '{first}' and '{second}'")]
    FieldMappedTwice {
        field: String,
        first: String,
        second: String,
    },
    #[error(
        "cannot read the mapping '{entry}': write COLUMN=FIELD, e.g. 'E-mail=email' or \
         '#3=first_name'"
    )]
    MappingSyntax { entry: String },
    #[error(
        "the record starting on line {line} is longer than 1 MiB: a quoted field is probably \
         missing its closing quote"
    )]
    RecordTooLong { line: u64 },
    #[error("could not parse the file as CSV: {0}")]
    Csv(String),
}

impl From<csv::Error> for ImportError {
    fn from(err: csv::Error) -> Self {
        if !err.is_io_error() {
            return ImportError::Csv(err.to_string());
        }
        match err.into_kind() {
            csv::ErrorKind::Io(err) => ImportError::Io(err),
            other => ImportError::Csv(format!("{other:?}")),
        }
    }
}

type Source<R> = DecodingReader<io::Chain<io::Cursor<Vec<u8>>, R>>;

/// A streaming reader of leads from a CSV file; iterate it for the rows.
///
/// When a row has more fields than the header and its email cell holds no "@", the email is
/// taken from the cell as far to the right as the row is long (an unquoted delimiter earlier in
/// the row shifted it there) if that cell is empty or holds an "@". The cell left behind is
/// kept as a `column_N` custom field.
pub struct LeadCsv<R: Read> {
    reader: csv::Reader<Source<R>>,
    detected: Detected,
    columns: Columns,
    /// The header cells, trimmed, to skip a header repeated further down.
    header: Option<Vec<String>>,
    /// Index of the first data record (after any preamble and the header).
    data_start: usize,
    next_record: usize,
    record: csv::StringRecord,
    done: bool,
}

impl<R: Read> LeadCsv<R> {
    /// Sniffs the file's shape from its first 64 KiB and resolves the columns with `mapping`.
    pub fn new(mut reader: R, mapping: &Mapping) -> Result<Self, ImportError> {
        let (prefix, whole) = decode::read_prefix(&mut reader)?;
        let encoding = decode::detect(&prefix, whole);
        let text = decode::decode_prefix(&prefix, encoding, whole);
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        if text.contains('\0') {
            return Err(ImportError::NotText);
        }
        let sample = sniff::sample(&text, whole);
        if sample.records.len() <= sample.skip {
            return Err(if whole {
                ImportError::Empty
            } else {
                ImportError::NoCompleteLine
            });
        }

        let mut header = sniff::find_header(&sample, mapping);
        if header.is_none() {
            let first = sample.skip;
            let below = &sample.records[first + 1..];
            if sniff::email_column_by_content(below).is_some_and(|column| {
                sniff::looks_like_unlabelled_header(&sample.records[first], column)
            }) {
                header = Some(first);
            }
        }
        let data_start = header.map_or(sample.skip, |index| index + 1);
        let data = &sample.records[data_start..];
        let header_cells: Option<Vec<String>> = header.map(|index| {
            let cells = &sample.records[index].cells;
            cells.iter().map(|c| trim_cell(c).to_owned()).collect()
        });
        let layout = columns::Layout {
            header: header_cells.as_deref(),
            width: sniff::modal(data.iter().map(|r| r.cells.len())).unwrap_or(1),
            max_width: data.iter().map(|r| r.cells.len()).max().unwrap_or(1),
            email_by_content: sniff::email_column_by_content(data),
        };
        let columns = columns::resolve(&layout, mapping)?;

        let detected = Detected {
            delimiter: sample.delimiter,
            header_line: header.map(|index| sample.records[index].line),
            columns: columns
                .names
                .iter()
                .cloned()
                .zip(columns.fields.iter().cloned())
                .collect(),
            encoding: encoding.name(),
        };
        let source = DecodingReader::new(io::Cursor::new(prefix).chain(reader), encoding);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sample.delimiter)
            .from_reader(source);
        Ok(Self {
            reader,
            detected,
            columns,
            header: header_cells,
            data_start,
            next_record: 0,
            record: csv::StringRecord::new(),
            done: false,
        })
    }

    pub fn detected(&self) -> &Detected {
        &self.detected
    }
}

impl<R: Read> Iterator for LeadCsv<R> {
    type Item = Result<Row, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {
                    if let Some(row) = self.take_record() {
                        return Some(Ok(row));
                    }
                }
                Ok(false) => self.done = true,
                Err(err) => {
                    self.done = true;
                    return Some(Err(self.read_error(err)));
                }
            }
        }
        None
    }
}

impl<R: Read> LeadCsv<R> {
    /// The row of the record just read, unless it is preamble, header or blank.
    fn take_record(&mut self) -> Option<Row> {
        let start = self.record.position().map_or(0, csv::Position::byte);
        let end = self.reader.position().byte();
        let source = self.reader.get_mut();
        source.record_start = end;
        let line = source.lines.line_of(start);
        let index = self.next_record;
        self.next_record += 1;
        if index < self.data_start || self.is_blank_or_repeated_header() {
            return None;
        }
        Some(build_row(&self.columns, line, &self.record))
    }

    /// A record of only delimiters is a blank line; one equal to the header comes from files
    /// that were concatenated. Neither is a row.
    fn is_blank_or_repeated_header(&self) -> bool {
        let record = &self.record;
        if record.iter().all(|cell| trim_cell(cell).is_empty()) {
            return true;
        }
        self.header.as_ref().is_some_and(|header| {
            header.len() == record.len()
                && header
                    .iter()
                    .zip(record.iter())
                    .all(|(name, cell)| name == trim_cell(cell))
        })
    }

    fn read_error(&mut self, err: csv::Error) -> ImportError {
        let source = self.reader.get_mut();
        if source.record_too_long {
            let line = source.lines.line_of(source.record_start);
            return ImportError::RecordTooLong { line };
        }
        err.into()
    }
}

impl<R: Read> fmt::Debug for LeadCsv<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeadCsv")
            .field("detected", &self.detected)
            .field("next_record", &self.next_record)
            .finish_non_exhaustive()
    }
}

fn build_row(columns: &Columns, line: u64, record: &csv::StringRecord) -> Row {
    let cells: Vec<Option<String>> = record.iter().map(clean).collect();
    let at = email_position(columns, &cells);
    let Some(value) = cells.get(at).and_then(Option::as_deref) else {
        return Row::NoEmail { line };
    };
    let value = strip_mailto(value);
    let email = match EmailAddress::parse(value) {
        Ok(email) => email,
        Err(err) => {
            return Row::Invalid {
                line,
                reason: format!(
                    "'{}' is not a valid email address: {}",
                    shorten(value),
                    err.reason()
                ),
            };
        }
    };

    let mut lead = LeadRecord {
        line,
        email,
        first_name: None,
        last_name: None,
        company: None,
        title: None,
        phone: None,
        website: None,
        timezone: None,
        custom: BTreeMap::new(),
    };
    for (index, cell) in cells.into_iter().enumerate() {
        let Some(value) = cell else { continue };
        if index == at {
            continue;
        }
        let slot = match columns.fields.get(index) {
            Some(Field::FirstName) => &mut lead.first_name,
            Some(Field::LastName) => &mut lead.last_name,
            Some(Field::Company) => &mut lead.company,
            Some(Field::Title) => &mut lead.title,
            Some(Field::Phone) => &mut lead.phone,
            Some(Field::Website) => &mut lead.website,
            Some(Field::TimeZone) => &mut lead.timezone,
            Some(Field::Custom(key)) => {
                lead.custom.insert(key.clone(), value);
                continue;
            }
            // Beyond the header, or the email column's cell in a shifted row.
            Some(Field::Email) | None => {
                lead.custom.insert(format!("column_{}", index + 1), value);
                continue;
            }
        };
        *slot = Some(value);
    }
    Row::Lead(lead)
}

/// Where this row's email cell is; see [`LeadCsv`] for rows longer than the header.
fn email_position(columns: &Columns, cells: &[Option<String>]) -> usize {
    let own = columns.email;
    if cells.len() <= columns.width.max(own + 1) {
        return own;
    }
    let shifted = own + (cells.len() - columns.width);
    let has_at = |i: usize| cells[i].as_deref().is_some_and(|v| v.contains('@'));
    if !has_at(own) && (has_at(shifted) || cells[shifted].is_none()) {
        shifted
    } else {
        own
    }
}

/// Whitespace and the invisible characters that exports leave around values.
fn trim_cell(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// Values that exports write for "nothing here".
const PLACEHOLDERS: [&str; 6] = ["null", "none", "n/a", "#n/a", "[not provided]", "-"];

/// A cell as a lead value: trimmed, `None` when empty or a placeholder, and without the
/// apostrophe that spreadsheets put before a number to keep it as text.
fn clean(raw: &str) -> Option<String> {
    let value = trim_cell(raw);
    if value.is_empty() || PLACEHOLDERS.iter().any(|p| value.eq_ignore_ascii_case(p)) {
        return None;
    }
    let value = match value.strip_prefix('\'') {
        Some(rest) if is_number_like(rest) => rest,
        _ => value,
    };
    Some(value.to_owned())
}

/// A phone number, zip code or similar: starts with a digit, "+" or "(", has at least three
/// digits, and otherwise only separators and an "ext" marker.
fn is_number_like(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(')
        && value.bytes().filter(u8::is_ascii_digit).count() >= 3
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-./#".contains(c) || "extEXT".contains(c))
}

fn strip_mailto(value: &str) -> &str {
    match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &value[7..],
        _ => value,
    }
}

/// A value for a one-line message: control characters escaped, cut after 60 characters.
fn shorten(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::with_capacity(value.len().min(MAX_CHARS * 2));
    for c in value.chars().take(MAX_CHARS) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if value.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
