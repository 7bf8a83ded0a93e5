//! Columns: which lead field a header names, the snake_case names that other columns get as
//! custom fields, and how an explicit [`Mapping`] overrides both.

use std::collections::HashSet;

use super::{Field, ImportError, Mapping};

/// Header names of common exports per field, written as [`header_key`] writes them, best
/// first: when a file has several columns for one field, the best-ranked one wins (the
/// leftmost on a tie) and the others stay custom fields.
static ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Email,
        &[
            "email",
            "emailaddress",
            "email1value",
            "primaryemail",
            "workemail",
            "businessemail",
            "email1",
            "mail",
            "emailadresse",
            "mailadresse",
            "courriel",
            "adresseemail",
            "correo",
            "correoelectronico",
            "personalemail",
        ],
    ),
    (
        Field::FirstName,
        &[
            "firstname",
            "givenname",
            "first",
            "fname",
            "forename",
            "vorname",
            "prenom",
            "nombre",
        ],
    ),
    (
        Field::LastName,
        &[
            "lastname",
            "familyname",
            "surname",
            "last",
            "lname",
            "nachname",
            "nom",
            "apellido",
            "apellidos",
        ],
    ),
    (
        Field::Company,
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "organization1name",
            "accountname",
            "employer",
            "firma",
            "unternehmen",
            "entreprise",
            "societe",
            "empresa",
        ],
    ),
    (
        Field::Title,
        &[
            // Before "title": Outlook's "Title" is a name prefix (Mr., Dr.) beside "Job Title".
            "jobtitle",
            "title",
            "position",
            "role",
            "jobrole",
            "designation",
            "organization1title",
            "poste",
            "cargo",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "phonenumber",
            "phone1value",
            "firstphone",
            "telephone",
            "tel",
            "telefon",
            "telefonnummer",
            "telefono",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "mobilephonenumber",
            "cell",
            "cellphone",
            "workphone",
            "directphone",
            "workdirectphone",
        ],
    ),
    (
        Field::Website,
        &[
            "website",
            "websiteurl",
            "companywebsite",
            "webpage",
            "webpage1",
            "url",
            "web",
            "homepage",
            "site",
            "webseite",
            "sitioweb",
        ],
    ),
    (
        Field::TimeZone,
        &["timezone", "tz", "zeitzone", "fuseauhoraire", "zonahoraria"],
    ),
];

/// The canonical keys of the known fields, which custom fields must not take.
pub(super) const KNOWN_KEYS: [&str; 8] = [
    "email",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "website",
    "timezone",
];

/// The known field a header names, and its rank among that field's aliases.
pub(super) fn known_header(name: &str) -> Option<(Field, usize)> {
    let key = header_key(name);
    ALIASES.iter().find_map(|(field, aliases)| {
        let rank = aliases.iter().position(|alias| *alias == key)?;
        Some((field.clone(), rank))
    })
}

/// A header reduced for comparison: lowercase ASCII letters and digits only, accents folded.
/// "E-mail 1 - Value" and "e_mail_1_value" both become "email1value".
pub(super) fn header_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if let Some(folded) = fold(c) {
            key.push_str(folded);
        }
    }
    key
}

/// A header as a template variable name: snake_case ASCII ("Lead Source" → "lead_source",
/// "Geschäftsführer" → "geschaeftsfuehrer", "leadSource" → "lead_source"). Characters that do
/// not fold to ASCII separate words; the result may be empty.
pub(super) fn snake_case(name: &str) -> String {
    let name = name.trim();
    // camelCase is split only in a single word, so "LinkedIn URL" stays "linkedin_url".
    let split_camel = name.chars().all(char::is_alphanumeric);
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let mut after_lower = false;
    for c in name.chars() {
        if split_camel && after_lower && c.is_uppercase() {
            gap = true;
        }
        after_lower = c.is_lowercase() || c.is_ascii_digit();
        for c in c.to_lowercase() {
            let mut ascii = [0u8; 4];
            let piece = if c.is_ascii_alphanumeric() {
                Some(&*c.encode_utf8(&mut ascii))
            } else {
                fold(c)
            };
            match piece {
                Some(piece) => {
                    if gap && !out.is_empty() {
                        out.push('_');
                    }
                    gap = false;
                    out.push_str(piece);
                }
                None => gap = true,
            }
        }
    }
    out
}

/// ASCII for the accented Latin letters common in European exports (lowercase input).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ä' | 'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ľ' | 'ĺ' | 'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ö' | 'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' => "u",
        'ü' => "ue",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The resolved columns of a file.
#[derive(Debug)]
pub(super) struct Columns {
    /// What a user calls each column: its header text, or "#N" without a header.
    pub names: Vec<String>,
    pub fields: Vec<Field>,
    /// Index of the email column.
    pub email: usize,
    /// How many fields a well-formed row has.
    pub width: usize,
}

/// What the sniffer found, as input to [`resolve`].
pub(super) struct Layout<'a> {
    /// The header cells, trimmed, if the file has a header row.
    pub header: Option<&'a [String]>,
    /// The usual number of fields in a data row.
    pub width: usize,
    /// The most fields seen in any sampled row.
    pub max_width: usize,
    /// The column holding the most distinct valid addresses among the sampled data rows.
    pub email_by_content: Option<usize>,
}

/// Decides the field of every column: the mapping first, then header names, then (only
/// without a header) the content of the email column; everything else becomes custom.
pub(super) fn resolve(layout: &Layout<'_>, mapping: &Mapping) -> Result<Columns, ImportError> {
    let header = layout.header;
    let limit = layout
        .max_width
        .max(layout.width)
        .max(header.map_or(0, <[String]>::len));
    let mut assigned: Vec<Option<Field>> = vec![None; header.map_or(layout.width, <[String]>::len)];

    for (key, field) in &mapping.columns {
        let index = locate(key, header, limit)?;
        if assigned.len() <= index {
            assigned.resize(index + 1, None);
        }
        let name = |i: usize| column_name(header, i);
        if assigned[index].is_some() {
            return Err(ImportError::ColumnMappedTwice {
                column: name(index),
            });
        }
        let field = match field {
            Field::Custom(name) => Field::Custom(super::custom_key(name)),
            known => known.clone(),
        };
        if let Some(other) = assigned.iter().position(|f| f.as_ref() == Some(&field)) {
            return Err(ImportError::FieldMappedTwice {
                field: field.key().to_owned(),
                first: name(other),
                second: name(index),
            });
        }
        assigned[index] = Some(field);
    }

    match header {
        Some(header) => {
            for (field, _) in ALIASES {
                if assigned.contains(&Some(field.clone())) {
                    continue;
                }
                let best = header
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| assigned[*i].is_none())
                    .filter_map(|(i, name)| match known_header(name) {
                        Some((known, rank)) if known == *field => Some((rank, i)),
                        _ => None,
                    })
                    .min();
                if let Some((_, index)) = best {
                    assigned[index] = Some(field.clone());
                }
            }
        }
        None => {
            if let Some(index) = layout.email_by_content
                && !assigned.contains(&Some(Field::Email))
                && assigned.get(index).is_some_and(Option::is_none)
            {
                assigned[index] = Some(Field::Email);
            }
        }
    }

    let email = assigned
        .iter()
        .position(|f| f.as_ref() == Some(&Field::Email))
        .ok_or_else(|| no_email_column(layout))?;

    let mut taken: HashSet<String> = KNOWN_KEYS.iter().map(|k| (*k).to_owned()).collect();
    for (i, field) in assigned.iter().enumerate() {
        match field {
            Some(Field::Custom(key)) => {
                taken.insert(key.clone());
            }
            // "Company name" next to "Company Name" must not merge into one custom field.
            Some(_) => {
                taken.insert(snake_case(&column_name(header, i)));
            }
            None => {}
        }
    }
    let fields = assigned
        .into_iter()
        .enumerate()
        .map(|(i, field)| {
            field.unwrap_or_else(|| {
                let from_header = header
                    .and_then(|h| h.get(i))
                    .map(|name| snake_case(name))
                    .filter(|key| !key.is_empty());
                let base = from_header.unwrap_or_else(|| format!("column_{}", i + 1));
                Field::Custom(unique(base, &mut taken))
            })
        })
        .collect::<Vec<_>>();
    let names = (0..fields.len()).map(|i| column_name(header, i)).collect();
    Ok(Columns {
        names,
        email,
        width: header.map_or(layout.width, <[String]>::len),
        fields,
    })
}

fn column_name(header: Option<&[String]>, index: usize) -> String {
    match header.and_then(|h| h.get(index)) {
        Some(name) if !name.is_empty() => name.clone(),
        _ => format!("#{}", index + 1),
    }
}

/// `base`, or `base_2`, `base_3`... whichever is free; marks it taken.
fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(key.clone());
    key
}

/// The column index a mapping key names: "#3" is the third column, anything else a header
/// name, matched case-insensitively and then ignoring punctuation.
fn locate(key: &str, header: Option<&[String]>, limit: usize) -> Result<usize, ImportError> {
    let key = key.trim();
    if let Some(number) = key
        .strip_prefix('#')
        .and_then(|n| n.trim().parse::<usize>().ok())
    {
        return if (1..=limit).contains(&number) {
            Ok(number - 1)
        } else {
            Err(ImportError::UnknownColumn {
                column: key.to_owned(),
                hint: format!(" (the file has {limit} columns)"),
            })
        };
    }
    let Some(header) = header else {
        return Err(ImportError::UnknownColumn {
            column: key.to_owned(),
            hint: " (the file has no header row; name columns by number, e.g. '#1=email')"
                .to_owned(),
        });
    };
    let wanted = header_key(key);
    header
        .iter()
        .position(|name| name.trim().eq_ignore_ascii_case(key))
        .or_else(|| {
            (!wanted.is_empty())
                .then(|| header.iter().position(|name| header_key(name) == wanted))
                .flatten()
        })
        .ok_or_else(|| ImportError::UnknownColumn {
            column: key.to_owned(),
            hint: format!(" (its columns are {})", list_names(header)),
        })
}

/// True when a mapping key names this header cell.
pub(super) fn mapping_names(key: &str, cell: &str) -> bool {
    let key = key.trim();
    if key.starts_with('#') {
        return false;
    }
    let wanted = header_key(key);
    cell.trim().eq_ignore_ascii_case(key) || (!wanted.is_empty() && header_key(cell) == wanted)
}

fn list_names(header: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut list = header
        .iter()
        .take(SHOWN)
        .map(|name| format!("'{name}'"))
        .collect::<Vec<_>>()
        .join(", ");
    if header.len() > SHOWN {
        list.push_str(&format!(" and {} more", header.len() - SHOWN));
    }
    list
}

fn no_email_column(layout: &Layout<'_>) -> ImportError {
    let hint = match (layout.header, layout.email_by_content) {
        (Some(header), Some(index)) => {
            let name = column_name(Some(header), index);
            format!(
                "no header names one, but column '{name}' holds addresses: if those are the \
                 leads' addresses, map it, e.g. --map '{name}=email'"
            )
        }
        (Some(header), None) => format!(
            "none among {}: map one, e.g. --map 'E-mail=email'",
            list_names(header)
        ),
        (None, _) => "the file has no header row and no column holds addresses in its first \
                      rows: map one by number, e.g. --map '#3=email'"
            .to_owned(),
    };
    ImportError::NoEmailColumn { hint }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headers_of_common_exports_whatever_their_punctuation() {
        let cases = [
            ("E-mail 1 - Value", Field::Email),
            ("Email Address", Field::Email),
            ("E-Mail-Adresse", Field::Email),
            ("PRIMARY EMAIL", Field::Email),
            ("Given Name", Field::FirstName),
            ("first_name", Field::FirstName),
            ("Prénom", Field::FirstName),
            ("Surname", Field::LastName),
            ("Organization 1 - Name", Field::Company),
            ("Job Title", Field::Title),
            ("Phone 1 - Value", Field::Phone),
            ("Web Page", Field::Website),
            ("Time Zone", Field::TimeZone),
        ];
        for (header, field) in cases {
            assert_eq!(
                known_header(header).map(|(f, _)| f),
                Some(field),
                "{header}"
            );
        }
        for header in [
            "Email Status",
            "Secondary Email",
            "E-mail 2 - Value",
            "Notes",
            "",
        ] {
            assert_eq!(known_header(header), None, "{header}");
        }
    }

    #[test]
    fn custom_field_names_are_snake_case_ascii() {
        let cases = [
            ("Lead Source", "lead_source"),
            ("Record ID - Contact", "record_id_contact"),
            ("Country/Region", "country_region"),
            ("# Employees", "employees"),
            ("  Geschäftsführer ", "geschaeftsfuehrer"),
            ("leadSource", "lead_source"),
            ("LinkedIn URL", "linkedin_url"),
            ("Custom 1", "custom_1"),
            ("☎", ""),
        ];
        for (header, key) in cases {
            assert_eq!(snake_case(header), key, "{header}");
        }
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn layout(header: &[String]) -> Layout<'_> {
        Layout {
            header: Some(header),
            width: header.len(),
            max_width: header.len(),
            email_by_content: None,
        }
    }

    #[test]
    fn the_best_alias_wins_and_duplicates_stay_apart() {
        let names = header(&[
            "Mobile Phone",
            "Phone Number",
            "Email",
            "Company Name",
            "Company name",
            "Phone Number",
            "Create Date",
            "Create Date",
        ]);
        let columns = resolve(&layout(&names), &Mapping::default()).unwrap();
        let keys: Vec<&str> = columns.fields.iter().map(Field::key).collect();
        assert_eq!(
            keys,
            [
                "mobile_phone",
                "phone",
                "email",
                "company",
                "company_name_2",
                "phone_number_2",
                "create_date",
                "create_date_2"
            ]
        );
        assert_eq!(columns.email, 2);
    }

    #[test]
    fn an_explicit_mapping_overrides_the_header() {
        let names = header(&["Email", "Work Mail", "Src"]);
        let mapping = Mapping::default()
            .with("work mail", Field::Email)
            .with("#3", Field::parse("Lead Source"));
        let columns = resolve(&layout(&names), &mapping).unwrap();
        assert_eq!(columns.email, 1);
        assert_eq!(
            columns.fields,
            [
                Field::Custom("email_2".into()),
                Field::Email,
                Field::Custom("lead_source".into())
            ]
        );
    }

    #[test]
    fn mapping_mistakes_are_reported_with_what_the_file_has() {
        let names = header(&["E-mail", "Name"]);
        let err = resolve(
            &layout(&names),
            &Mapping::default().with("Emial", Field::Email),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "mapping names a column the file does not have: 'Emial' (its columns are 'E-mail', \
             'Name')"
        );
        let err = resolve(
            &layout(&names),
            &Mapping::default().with("#7", Field::Email),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "mapping names a column the file does not have: '#7' (the file has 2 columns)"
        );
        let twice = Mapping::default()
            .with("E-mail", Field::Email)
            .with("Name", Field::Email);
        let err = resolve(&layout(&names), &twice).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the mapping gives the field 'email' to two columns: 'E-mail' and 'Name'"
        );
    }

    #[test]
    fn without_an_email_header_the_error_points_at_the_column_holding_addresses() {
        let names = header(&["Name", "Contact"]);
        let mut layout = layout(&names);
        layout.email_by_content = Some(1);
        let err = resolve(&layout, &Mapping::default()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "no email column found: no header names one, but column 'Contact' holds \
                 addresses"
            ),
            "{err}"
        );
        layout.email_by_content = None;
        let err = resolve(&layout, &Mapping::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no email column found: none among 'Name', 'Contact': map one, e.g. --map \
             'E-mail=email'"
        );
    }
}
