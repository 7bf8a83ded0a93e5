//! Sniffing a file's shape from its first 64 KiB: the delimiter, where the header row is, and
//! which column holds the addresses when no header says so.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};

use super::columns::{known_header, mapping_names};
use super::decode::LineIndex;
use super::{Field, Mapping, clean, trim_cell};
use crate::email::EmailAddress;

const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
/// Enough rows to judge a file by; more only costs time.
const MAX_SAMPLE_RECORDS: usize = 1000;
/// How far down a header may sit below a preamble (LinkedIn's "Notes:" block is 3 lines).
const HEADER_SEARCH_RECORDS: usize = 20;

/// A record of the prefix: the 1-based line it starts on and its raw cells.
#[derive(Debug)]
pub(super) struct SampleRecord {
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug)]
pub(super) struct Sample {
    pub delimiter: u8,
    /// The complete records of the prefix, parsed with `delimiter`.
    pub records: Vec<SampleRecord>,
    /// Leading records that are neither header nor data: Excel's "sep=;" line.
    pub skip: usize,
}

pub(super) fn sample(text: &str, whole: bool) -> Sample {
    let declared = declared_delimiter(text);
    let delimiter = declared.unwrap_or_else(|| choose_delimiter(text, whole));
    Sample {
        delimiter,
        records: records(text, delimiter, whole),
        skip: usize::from(declared.is_some()),
    }
}

/// Excel writes and reads a first line such as "sep=;" that declares the delimiter.
fn declared_delimiter(text: &str) -> Option<u8> {
    let first = text.split(['\r', '\n']).next()?;
    match first.strip_prefix("sep=")?.as_bytes() {
        [delimiter] if delimiter.is_ascii_punctuation() || *delimiter == b'\t' => Some(*delimiter),
        _ => None,
    }
}

/// The complete records of `text`: when `text` is only the start of the file, its last record
/// may be cut short and is left out.
fn records(text: &str, delimiter: u8, whole: bool) -> Vec<SampleRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = LineIndex::default();
    lines.scan(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    while records.len() < MAX_SAMPLE_RECORDS {
        // The text is UTF-8 and the reader flexible, so an error can only mean the end.
        if !reader.read_record(&mut record).unwrap_or(false) {
            if !whole {
                records.pop();
            }
            break;
        }
        let offset = record.position().map_or(0, csv::Position::byte);
        records.push(SampleRecord {
            line: lines.line_of(offset),
            cells: record.iter().map(str::to_owned).collect(),
        });
    }
    records
}

/// The candidate that splits the most rows into the same number of fields, weighted by that
/// number: a text column with a stray ";" in every row cannot outvote seven commas.
fn choose_delimiter(text: &str, whole: bool) -> u8 {
    let mut best = (0, b',');
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = records(text, delimiter, whole)
            .iter()
            .map(|r| r.cells.len())
            .collect();
        let Some(width) = modal(counts.iter().copied().filter(|&n| n >= 2)) else {
            continue;
        };
        let score = counts.iter().filter(|&&n| n == width).count() * (width - 1);
        if score > best.0 {
            best = (score, delimiter);
        }
    }
    best.1
}

/// The most frequent value (the larger one on a tie).
pub(super) fn modal(values: impl Iterator<Item = usize>) -> Option<usize> {
    let mut frequency = BTreeMap::<usize, usize>::new();
    for value in values {
        *frequency.entry(value).or_default() += 1;
    }
    frequency
        .into_iter()
        .max_by_key(|&(value, count)| (count, value))
        .map(|(value, _)| value)
}

/// The index of the header record: the first of the leading records that holds no address
/// and names a column a mapping names, or columns we know: an email column, or two others
/// (one is enough in the first record, where a preamble cannot be).
pub(super) fn find_header(sample: &Sample, mapping: &Mapping) -> Option<usize> {
    sample
        .records
        .iter()
        .enumerate()
        .skip(sample.skip)
        .take(HEADER_SEARCH_RECORDS)
        .find(|&(index, record)| is_header(record, mapping, index == sample.skip))
        .map(|(index, _)| index)
}

fn is_header(record: &SampleRecord, mapping: &Mapping, first: bool) -> bool {
    let cells: Vec<&str> = record.cells.iter().map(|c| trim_cell(c)).collect();
    if cells.iter().any(|c| EmailAddress::parse(c).is_ok()) {
        return false;
    }
    let named = cells.iter().any(|cell| {
        mapping
            .columns
            .iter()
            .any(|(key, _)| mapping_names(key, cell))
    });
    let known: Vec<Field> = cells
        .iter()
        .filter_map(|c| known_header(c).map(|(field, _)| field))
        .collect();
    named || known.len() >= 2 || known.contains(&Field::Email) || (first && !known.is_empty())
}

/// The column with the most distinct valid addresses (the leftmost on a tie), if any.
pub(super) fn email_column_by_content(records: &[SampleRecord]) -> Option<usize> {
    let width = records.iter().map(|r| r.cells.len()).max()?;
    (0..width)
        .map(|column| {
            let distinct: HashSet<String> = records
                .iter()
                .filter_map(|r| r.cells.get(column).and_then(|c| clean(c)))
                .filter_map(|value| EmailAddress::parse(&value).ok())
                .map(|email| email.normalized())
                .collect();
            (distinct.len(), column)
        })
        .filter(|&(count, _)| count > 0)
        .max_by_key(|&(count, column)| (count, Reverse(column)))
        .map(|(_, column)| column)
}

/// A first row that reads like labels (short, filled, no addresses, links or bare numbers)
/// above a column of addresses: a header in a language or wording we do not know.
pub(super) fn looks_like_unlabelled_header(record: &SampleRecord, email_column: usize) -> bool {
    let label = |cell: &String| {
        let cell = trim_cell(cell);
        clean(cell).is_some()
            && !cell.contains('@')
            && !cell.contains("://")
            && !cell.bytes().all(|b| b.is_ascii_digit())
            && cell.chars().count() <= 60
    };
    record.cells.len() > email_column && record.cells.iter().all(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delimiter(text: &str) -> char {
        char::from(sample(text, true).delimiter)
    }

    #[test]
    fn picks_the_delimiter_that_splits_rows_evenly() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), ',');
        assert_eq!(delimiter("a;b;c\n1;2;3\n"), ';');
        assert_eq!(delimiter("a\tb\tc\n1\t2\t3\n"), '\t');
        // Commas inside unquoted text do not outvote the semicolons.
        assert_eq!(delimiter("Jo;HR, Learning;x@y.example\nAl;Ops;\n"), ';');
        // One column: no delimiter at all; a comma is as good as any.
        assert_eq!(delimiter("email\na@b.example\n"), ',');
    }

    #[test]
    fn honours_excel_sep_line() {
        let sample = sample("sep=|\nEmail|Name\na@b.example|A\n", true);
        assert_eq!(sample.delimiter, b'|');
        assert_eq!(sample.skip, 1);
        assert_eq!(find_header(&sample, &Mapping::default()), Some(1));
    }

    #[test]
    fn drops_a_record_cut_off_by_the_end_of_the_prefix() {
        let text = "a,b\n1,\"two\nlines";
        assert_eq!(records(text, b',', false).len(), 1);
        assert_eq!(records(text, b',', true).len(), 2);
    }

    #[test]
    fn finds_the_header_below_a_preamble() {
        let text =
            "Notes:\n\"Some text, with commas\"\n\nFirst Name,Email Address\nA,a@b.example\n";
        let sample = sample(text, true);
        let header = find_header(&sample, &Mapping::default()).unwrap();
        assert_eq!(sample.records[header].line, 4);
    }

    #[test]
    fn a_data_row_is_never_the_header() {
        let sample = sample("Title;Company;boss@acme.example\n", true);
        assert_eq!(find_header(&sample, &Mapping::default()), None);
    }
}
