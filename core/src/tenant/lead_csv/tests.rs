//! Unit tests of the lead CSV reader through its public interface.

use std::cell::Cell;
use std::rc::Rc;

use super::*;

fn read_with(bytes: &[u8], mapping: &Mapping) -> (Detected, Vec<Row>) {
    let csv = LeadCsv::new(bytes, mapping).unwrap();
    let detected = csv.detected().clone();
    let rows = csv.collect::<Result<Vec<_>, _>>().unwrap();
    (detected, rows)
}

fn read(text: &str) -> (Detected, Vec<Row>) {
    read_with(text.as_bytes(), &Mapping::default())
}

fn lead(row: &Row) -> &LeadRecord {
    match row {
        Row::Lead(lead) => lead,
        other => panic!("not a lead: {other:?}"),
    }
}

fn error(text: &str, mapping: &Mapping) -> String {
    LeadCsv::new(text.as_bytes(), mapping)
        .unwrap_err()
        .to_string()
}

#[test]
fn reads_known_fields_and_custom_columns() {
    let (detected, rows) = read(
        "Email,First Name,Last Name,Company,Job Title,Phone,Website,Time Zone,Lead Source\n\
         jo@acme.example,Jo,Bloggs,Acme,CTO,+44 20 7946 0000,acme.example,Europe/London,Fair\n",
    );
    assert_eq!(detected.delimiter, b',');
    assert_eq!(detected.header_line, Some(1));
    assert_eq!(detected.encoding, "UTF-8");
    let lead = lead(&rows[0]);
    assert_eq!(lead.line, 2);
    assert_eq!(lead.email.as_str(), "jo@acme.example");
    assert_eq!(lead.first_name.as_deref(), Some("Jo"));
    assert_eq!(lead.last_name.as_deref(), Some("Bloggs"));
    assert_eq!(lead.company.as_deref(), Some("Acme"));
    assert_eq!(lead.title.as_deref(), Some("CTO"));
    assert_eq!(lead.phone.as_deref(), Some("+44 20 7946 0000"));
    assert_eq!(lead.website.as_deref(), Some("acme.example"));
    assert_eq!(lead.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(
        lead.custom,
        BTreeMap::from([("lead_source".into(), "Fair".into())])
    );
}

#[test]
fn lines_are_physical_lines_where_records_start() {
    let text = "Email,Notes\r\n\r\na@x.example,\"two\r\nlines\"\r\nb@x.example,x\r\
                c@x.example,\"\n\n\"\nd@x.example,";
    let (_, rows) = read(text);
    assert_eq!(rows.iter().map(Row::line).collect::<Vec<_>>(), [3, 5, 6, 9]);
    assert_eq!(lead(&rows[0]).custom["notes"], "two\r\nlines");
}

#[test]
fn row_kinds_and_invalid_reasons() {
    let long = format!("{}@", "x".repeat(80));
    let text = format!("Name,Email\nA,a@x.example\nB,\nC,N/A\nD,not an address\nE,{long}\n");
    let (_, rows) = read(&text);
    assert!(matches!(rows[0], Row::Lead(_)));
    assert_eq!(rows[1], Row::NoEmail { line: 3 });
    assert_eq!(rows[2], Row::NoEmail { line: 4 });
    assert_eq!(
        rows[3],
        Row::Invalid {
            line: 5,
            reason: "'not an address' is not a valid email address: the address contains a space"
                .into()
        }
    );
    let Row::Invalid { reason, .. } = &rows[4] else {
        panic!("{:?}", rows[4]);
    };
    assert!(
        reason.starts_with(&format!("'{}…'", "x".repeat(60))),
        "{reason}"
    );
}

#[test]
fn cleans_values() {
    let (_, rows) = read(
        "Email;First Name;Last Name;Phone;Zip;Nick\n \
         mailto:a@x.example ; Ann ;NULL;'+49 30 1234567;'01234;'quoted\n",
    );
    let lead = lead(&rows[0]);
    assert_eq!(lead.email.as_str(), "a@x.example");
    assert_eq!(lead.first_name.as_deref(), Some("Ann"));
    assert_eq!(lead.last_name, None);
    assert_eq!(lead.phone.as_deref(), Some("+49 30 1234567"));
    assert_eq!(lead.custom["zip"], "01234");
    assert_eq!(lead.custom["nick"], "'quoted");
}

#[test]
fn tab_delimited_utf16_with_bom() {
    let text = "E-mail Address\tGiven Name\nmü@x.example\tJürgen\nj@x.example\tJürgen\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (detected, rows) = read_with(&bytes, &Mapping::default());
    assert_eq!(detected.encoding, "UTF-16LE");
    assert_eq!(detected.delimiter, b'\t');
    assert!(
        matches!(rows[0], Row::Invalid { .. }),
        "non-ASCII local part"
    );
    assert_eq!(lead(&rows[1]).first_name.as_deref(), Some("Jürgen"));
}

#[test]
fn windows_1252_when_not_utf8() {
    let bytes = b"Email;Company\nk@x.example;M\xFCller & S\xF6hne \x80\n";
    let (detected, rows) = read_with(bytes, &Mapping::default());
    assert_eq!(detected.encoding, "windows-1252");
    assert_eq!(lead(&rows[0]).company.as_deref(), Some("Müller & Söhne €"));
}

#[test]
fn rows_shorter_or_longer_than_the_header() {
    let (_, rows) = read(
        "First Name,Email,Company\nA,a@x.example\nB,b@x.example,Co,extra,\nC,c@x.example,Co\n",
    );
    let short = lead(&rows[0]);
    assert_eq!(short.company, None);
    let long = lead(&rows[1]);
    assert_eq!(long.email.as_str(), "b@x.example");
    assert_eq!(
        long.custom,
        BTreeMap::from([("column_4".into(), "extra".into())])
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn an_unquoted_delimiter_that_shifts_the_email_is_followed() {
    let (_, rows) =
        read("Name;Title;Email\nA;Sales;a@x.example\nB;Head; Sales;b@x.example\nC;Head; Ops;\n");
    let shifted = lead(&rows[1]);
    assert_eq!(shifted.email.as_str(), "b@x.example");
    assert_eq!(shifted.title.as_deref(), Some("Head"));
    assert_eq!(shifted.custom["column_3"], "Sales");
    assert_eq!(rows[2], Row::NoEmail { line: 4 });
}

#[test]
fn headerless_files_use_content_or_numbered_mapping() {
    let text = "Ann;Acme;ann@acme.example\nBob;Bolt;\nCy;Corp;cy@corp.example\n";
    let (detected, rows) = read(text);
    assert_eq!(detected.header_line, None);
    assert_eq!(detected.email_column(), Some("#3"));
    assert_eq!(rows.len(), 3);
    assert_eq!(lead(&rows[0]).custom["column_1"], "Ann");

    let mapping = Mapping::default()
        .with("#1", Field::FirstName)
        .with("#2", Field::parse("company"));
    let (detected, rows) = read_with(text.as_bytes(), &mapping);
    assert_eq!(
        detected.columns,
        [
            ("#1".to_owned(), Field::FirstName),
            ("#2".to_owned(), Field::Company),
            ("#3".to_owned(), Field::Email)
        ]
    );
    assert_eq!(lead(&rows[2]).company.as_deref(), Some("Corp"));
}

#[test]
fn a_single_column_of_addresses() {
    let (detected, rows) = read("email\r\na@x.example\r\nb@x.example\r\n");
    assert_eq!(detected.header_line, Some(1));
    assert_eq!(rows.len(), 2);
    let (detected, rows) = read("a@x.example\nb@x.example\n");
    assert_eq!(detected.header_line, None);
    assert_eq!(rows.len(), 2);
}

#[test]
fn excel_sep_line_is_neither_header_nor_data() {
    let (detected, rows) = read("sep=;\nName;Mail\nA;a@x.example\n");
    assert_eq!(detected.delimiter, b';');
    assert_eq!(detected.header_line, Some(2));
    assert_eq!(rows.len(), 1);
    assert_eq!(lead(&rows[0]).line, 3);
}

#[test]
fn whole_file_problems_are_errors_a_user_can_act_on() {
    let none = Mapping::default();
    assert_eq!(error("", &none), "the file is empty");
    assert_eq!(error(" \n\n", &none), "the file is empty");
    assert_eq!(
        error("PK\u{3}\u{4}\0\0binary", &none),
        "this is not a text file; if it is a spreadsheet, save it as CSV first"
    );
    assert_eq!(
        error("Name,Company\nA,B\n", &none),
        "no email column found: none among 'Name', 'Company': map one, e.g. --map \
         'E-mail=email'"
    );
    assert_eq!(
        error("A;B\nC;D\n", &none),
        "no email column found: the file has no header row and no column holds addresses in \
         its first rows: map one by number, e.g. --map '#3=email'"
    );
    assert_eq!(
        error(
            "Name,E-mail\nA,a@x.example\n",
            &none.clone().with("Emial", Field::Email)
        ),
        "mapping names a column the file does not have: 'Emial' (its columns are 'Name', \
         'E-mail')"
    );
    assert!(matches!(
        Mapping::parse_entry("E-mail"),
        Err(ImportError::MappingSyntax { .. })
    ));
    assert_eq!(
        Mapping::parse_entry(" E-mail = email ").unwrap(),
        ("E-mail".to_owned(), Field::Email)
    );
}

#[test]
fn a_header_in_unknown_words_asks_for_a_mapping_instead_of_guessing() {
    let text = "Ansprechpartner;Kontakt\nAna;ana@x.example\nLuis;luis@x.example\n";
    assert_eq!(
        error(text, &Mapping::default()),
        "no email column found: no header names one, but column 'Kontakt' holds addresses: if \
         those are the leads' addresses, map it, e.g. --map 'Kontakt=email'"
    );
    let mapping = Mapping::default().with("Kontakt", Field::Email);
    let (detected, rows) = read_with(text.as_bytes(), &mapping);
    assert_eq!(detected.header_line, Some(1));
    assert_eq!(lead(&rows[0]).custom["ansprechpartner"], "Ana");
}

#[test]
fn field_names_parse_and_print() {
    assert_eq!(Field::parse("E-mail"), Field::Email);
    assert_eq!(Field::parse("First Name"), Field::FirstName);
    assert_eq!(Field::parse("time_zone"), Field::TimeZone);
    assert_eq!(
        Field::parse("Lead Source"),
        Field::Custom("lead_source".into())
    );
    assert_eq!(Field::parse("lead_source").to_string(), "lead_source");
    assert_eq!(
        serde_json::to_string(&Field::LastName).unwrap(),
        r#""last_name""#
    );
}

/// Generates "Email,Name" and `rows` leads on the fly, counting the bytes handed out.
struct Generated {
    rows: usize,
    next_row: usize,
    line: Vec<u8>,
    line_pos: usize,
    handed_out: Rc<Cell<u64>>,
    fail_after: Option<u64>,
}

impl Generated {
    fn new(rows: usize) -> Self {
        Self {
            rows,
            next_row: 0,
            line: b"Email,Name\n".to_vec(),
            line_pos: 0,
            handed_out: Rc::default(),
            fail_after: None,
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self
            .fail_after
            .is_some_and(|limit| self.handed_out.get() >= limit)
        {
            return Err(io::Error::other("connection reset"));
        }
        if self.line_pos == self.line.len() {
            if self.next_row == self.rows {
                return Ok(0);
            }
            self.next_row += 1;
            let n = self.next_row;
            self.line = format!("lead{n}@example.com,Lead Number {n}\n").into_bytes();
            self.line_pos = 0;
        }
        let n = buf.len().min(self.line.len() - self.line_pos);
        buf[..n].copy_from_slice(&self.line[self.line_pos..self.line_pos + n]);
        self.line_pos += n;
        self.handed_out.set(self.handed_out.get() + n as u64);
        Ok(n)
    }
}

#[test]
fn streams_a_large_file_with_bounded_read_ahead() {
    const ROWS: usize = 100_000;
    let source = Generated::new(ROWS);
    let handed_out = Rc::clone(&source.handed_out);
    let mut csv = LeadCsv::new(source, &Mapping::default()).unwrap();
    assert!(handed_out.get() <= decode::SNIFF_LEN as u64 + 1);

    let mut consumed = "Email,Name\n".len() as u64;
    let mut count = 0;
    let mut max_ahead = 0;
    let mut max_pending = 0;
    while let Some(row) = csv.next() {
        let lead = match row.unwrap() {
            Row::Lead(lead) => lead,
            other => panic!("{other:?}"),
        };
        count += 1;
        assert_eq!(lead.line, count + 1);
        consumed += format!("{},{}\n", lead.email, lead.custom["name"]).len() as u64;
        max_ahead = max_ahead.max(handed_out.get() - consumed);
        max_pending = max_pending.max(csv.reader.get_ref().lines.pending());
    }
    assert_eq!(count, ROWS as u64);
    // The 64 KiB prefix plus the decoder's and the CSV reader's buffers, whatever the length.
    assert!(max_ahead <= 128 * 1024, "read {max_ahead} bytes ahead");
    assert!(max_pending < 2000, "{max_pending} line breaks held");
}

#[test]
fn a_read_error_mid_file_ends_the_import_with_that_error() {
    let mut source = Generated::new(10_000);
    source.fail_after = Some(100 * 1024);
    let mut rows = LeadCsv::new(source, &Mapping::default()).unwrap();
    let results: Vec<_> = rows.by_ref().collect();
    let (last, before) = results.split_last().unwrap();
    assert!(before.iter().all(Result::is_ok));
    assert!(matches!(last, Err(ImportError::Io(_))), "{last:?}");
    assert!(rows.next().is_none());
}

#[test]
fn an_unclosed_quote_stops_the_import_at_its_line_instead_of_eating_memory() {
    let mut text = String::from("Email,Name\na@x.example,A\nb@x.example,\"B\n");
    while text.len() <= decode::MAX_RECORD_LEN as usize + 1024 {
        text.push_str("c@x.example,C\n");
    }
    let results: Vec<_> = LeadCsv::new(text.as_bytes(), &Mapping::default())
        .unwrap()
        .collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().line(), 2);
    assert_eq!(
        results[1].as_ref().unwrap_err().to_string(),
        "the record starting on line 3 is longer than 1 MiB: a quoted field is probably missing \
         its closing quote"
    );
}

#[test]
fn blank_rows_and_repeated_headers_are_not_rows() {
    let (_, rows) = read("Email,Name\na@x.example,A\n,\n , \nEmail,Name\nb@x.example,B\n");
    assert_eq!(rows.iter().map(Row::line).collect::<Vec<_>>(), [2, 6]);
}

#[test]
fn invalid_values_are_quoted_on_one_line() {
    let (_, rows) = read("Email,Name\n\"a@x\nexample\",A\n");
    assert_eq!(
        rows[0],
        Row::Invalid {
            line: 2,
            reason:
                r"'a@x\nexample' is not a valid email address: the address contains a line break"
                    .into()
        }
    );
}
