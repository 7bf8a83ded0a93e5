//! The lead-csv corpus (real exports, anonymised) against what its expected.json states.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde::Deserialize;

use super::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/lead-csv");

#[derive(Deserialize)]
struct Expected {
    file: String,
    delimiter: String,
    header_row: Option<u64>,
    data_records: usize,
    /// A header name, or "last field" for headerless files.
    primary_email_column: String,
    records_with_primary_email: usize,
}

fn open(file: &str) -> LeadCsv<BufReader<File>> {
    let path = Path::new(CORPUS).join(file);
    let reader = BufReader::new(File::open(&path).expect("the corpus is checked out beside main"));
    LeadCsv::new(reader, &Mapping::default()).unwrap_or_else(|err| panic!("{file}: {err}"))
}

fn read(file: &str) -> (Detected, Vec<Row>) {
    let csv = open(file);
    let detected = csv.detected().clone();
    let rows = csv
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|err| panic!("{file}: {err}"));
    (detected, rows)
}

fn csv_files(folder: &Path, prefix: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv"))
        .map(|name| format!("{prefix}{name}"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_reads_as_expected_json_says() {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("expected.json")).unwrap();
    let expected: Vec<Expected> = serde_json::from_str(&text).unwrap();

    let mut on_disk = csv_files(Path::new(CORPUS), "");
    on_disk.extend(csv_files(&Path::new(CORPUS).join("derived"), "derived/"));
    let mut listed: Vec<String> = expected.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    on_disk.sort();
    assert_eq!(on_disk, listed, "every corpus file has an expectation");

    let mut failures = Vec::new();
    for case in &expected {
        let (detected, rows) = read(&case.file);
        let leads = rows.iter().filter(|r| matches!(r, Row::Lead(_))).count();
        let invalid = rows
            .iter()
            .filter(|r| matches!(r, Row::Invalid { .. }))
            .count();
        let email_column = detected.email_column().unwrap_or_default().to_owned();
        println!(
            "{:<64} {:>3?} header {:<7} {:>2} records, {:>2} with email ({:>2} leads, {} invalid), \
             email from '{}', {}",
            case.file,
            char::from(detected.delimiter),
            format!("{:?}", detected.header_line),
            rows.len(),
            leads + invalid,
            leads,
            invalid,
            email_column,
            detected.encoding,
        );

        let mut check = |what: &str, ours: String, theirs: String| {
            if ours != theirs {
                failures.push(format!(
                    "{}: {what}: ours {ours}, expected {theirs}",
                    case.file
                ));
            }
        };
        check(
            "delimiter",
            char::from(detected.delimiter).to_string(),
            case.delimiter.clone(),
        );
        check(
            "header line",
            format!("{:?}", detected.header_line),
            format!("{:?}", case.header_row),
        );
        check(
            "data records",
            rows.len().to_string(),
            case.data_records.to_string(),
        );
        check(
            "records with a primary email",
            (leads + invalid).to_string(),
            case.records_with_primary_email.to_string(),
        );
        let primary = if case.primary_email_column == "last field" {
            detected
                .columns
                .last()
                .map(|(name, _)| name.clone())
                .unwrap_or_default()
        } else {
            case.primary_email_column.clone()
        };
        check("email column", email_column, primary);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn leads(rows: &[Row]) -> Vec<&LeadRecord> {
    rows.iter()
        .filter_map(|row| match row {
            Row::Lead(lead) => Some(lead),
            _ => None,
        })
        .collect()
}

#[test]
fn linkedin_connections_map_below_the_notes_preamble() {
    let (detected, rows) = read("linkedin-connections-export.csv");
    assert_eq!(rows[0].line(), 5);
    let lead = leads(&rows)[0];
    assert_eq!(lead.line, 10);
    assert_eq!(lead.email.as_str(), "samplo145601@gmail.example");
    assert_eq!(lead.first_name.as_deref(), Some("Samplo"));
    assert_eq!(lead.last_name.as_deref(), Some("K"));
    assert_eq!(lead.company.as_deref(), Some("Innova Solutions"));
    assert_eq!(lead.title.as_deref(), Some("Lead Recruiter"));
    assert_eq!(
        lead.website.as_deref(),
        Some("https://www.linkedin.com/in/samplo-k-95d06f424")
    );
    assert_eq!(lead.custom["connected_on"], "23 May 2024");
    assert_eq!(detected.columns.len(), 7);
}

#[test]
fn apollo_phone_numbers_lose_the_spreadsheet_apostrophe() {
    let (_, rows) = read("apollo-contacts-export.csv");
    let lead = leads(&rows)[0];
    assert_eq!(lead.phone.as_deref(), Some("+91 55501 00001"));
    assert_eq!(lead.custom["corporate_phone"], "+91 55501 00002");
    assert_eq!(lead.custom["contact_owner"], "contact.dummy@gmail.example");
    assert_eq!(
        lead.company.as_deref(),
        Some("Pure Value Advisory Services")
    );
    assert!(
        !lead.custom.contains_key("email_confidence"),
        "a quoted empty cell is absent"
    );
}

#[test]
fn hubspot_duplicates_stay_apart_and_placeholders_are_absent() {
    let (detected, rows) = read("hubspot-contacts-export.csv");
    let keys: Vec<&str> = detected.columns.iter().map(|(_, f)| f.key()).collect();
    for key in [
        "create_date_2",
        "phone_number_2",
        "company_name_2",
        "country_region_2",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let by_email = |address: &str| {
        leads(&rows)
            .into_iter()
            .find(|lead| lead.email.as_str() == address)
            .unwrap()
    };
    assert_eq!(by_email("mock@axis-amc.example").phone, None, "null");
    assert_eq!(
        by_email("appraisal@amsainc.example").first_name,
        None,
        "None"
    );
    let lead = by_email("sample@appraisalvaluationservicesllc.example");
    assert_eq!(lead.last_name, None, "[not provided]");
    let lead = by_email("example@gmail.example");
    assert_eq!(lead.first_name.as_deref(), Some("Probo"), "trimmed");
    assert_eq!(lead.custom["phone_number_2"], "+1 555-010-0022");
}

#[test]
fn thunderbird_records_keep_quoted_breaks_and_tabs_and_start_lines() {
    let (_, rows) = read("thunderbird-addressbook-export.csv");
    assert_eq!(rows.iter().map(Row::line).collect::<Vec<_>>(), [2, 3]);
    let Row::Invalid { reason, .. } = &rows[1] else {
        panic!("{:?}", rows[1]);
    };
    assert_eq!(
        reason,
        "'contact2@invalid' is not a valid email address: the domain has no dot"
    );

    let mapping = Mapping::default().with("Primary Email", Field::Email);
    let path = Path::new(CORPUS).join("thunderbird-addressbook-export.csv");
    let csv = LeadCsv::new(File::open(path).unwrap(), &mapping).unwrap();
    assert_eq!(csv.detected().email_column(), Some("Primary Email"));
}

#[test]
fn scraped_list_without_header_finds_the_email_column_by_content() {
    let (detected, rows) = read("linkedin-scraped-leads-de-semicolon-noheader.csv");
    assert_eq!(detected.email_column(), Some("#5"));
    assert_eq!(
        detected.columns[0],
        ("#1".to_owned(), Field::Custom("column_1".into()))
    );
    let lead = leads(&rows)[0];
    assert_eq!(lead.line, 4);
    assert_eq!(lead.custom["column_1"], "Sextus Placeholder");
    assert_eq!(lead.custom["column_2"], "Uniper");
    // The row with an unquoted ';' in its position has six fields and no address.
    let shifted = rows.iter().find(|row| row.line() == 17).unwrap();
    assert_eq!(*shifted, Row::NoEmail { line: 17 });
}

#[test]
fn the_bom_and_crlf_copy_reads_exactly_like_the_original() {
    let (original_detected, original) = read("linkedin-scraped-leads-de-semicolon-noheader.csv");
    let (detected, rows) =
        read("derived/linkedin-scraped-leads-de-semicolon-noheader.BOM-CRLF.csv");
    assert_eq!(detected, original_detected);
    assert_eq!(rows, original);
}

#[test]
fn google_contacts_use_the_first_email_value() {
    let (_, rows) = read("google-contacts-export.csv");
    let lead = leads(&rows)[0];
    assert_eq!(lead.email.as_str(), "placeholder@caltech.example");
    assert_eq!(lead.first_name.as_deref(), Some("Sextus"));
    assert_eq!(lead.last_name.as_deref(), Some("Testperson"));
    assert_eq!(lead.custom["name"], "Sextus Testperson");
    assert_eq!(lead.custom["e_mail_1_type"], "*");
}
