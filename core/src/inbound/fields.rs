//! `Name: value` fields found in bodies rather than in the message header: the groups of an RFC
//! 3464 delivery-status part, an RFC 5965 feedback report, a `text/rfc822-headers` part, and
//! the header of a returned message quoted in a notice.

/// One field, its continuation lines unfolded into the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: String,
    pub value: String,
}

/// Splits `text` into groups of fields separated by blank lines, as in a delivery-status part
/// (one group for the message, one per recipient). Lines that are neither fields nor
/// continuations are skipped.
pub(crate) fn groups(text: &str) -> Vec<Vec<Field>> {
    let mut groups = Vec::new();
    let mut current: Vec<Field> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            continue;
        }
        push_line(&mut current, line);
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// Reads one header block from the start of `text` (after blank lines), up to the first blank
/// line or the first line that is neither a field nor a continuation.
pub(crate) fn block(text: &str) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for line in text.lines().skip_while(|line| line.trim().is_empty()) {
        if line.trim().is_empty() || !push_line(&mut fields, line) {
            break;
        }
    }
    fields
}

/// The value of the first field called `name` (case-insensitive).
pub(crate) fn get<'a>(fields: &'a [Field], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .map(|f| f.value.as_str())
}

/// The values of every field called `name` (case-insensitive), in order.
pub(crate) fn all<'a>(fields: &'a [Field], name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    fields
        .iter()
        .filter(move |f| f.name.eq_ignore_ascii_case(name))
        .map(|f| f.value.as_str())
}

/// Adds `line` to `fields` as a new field or a continuation; false when it is neither.
fn push_line(fields: &mut Vec<Field>, line: &str) -> bool {
    if line.starts_with([' ', '\t']) {
        return match fields.last_mut() {
            Some(last) => {
                if !last.value.is_empty() {
                    last.value.push(' ');
                }
                last.value.push_str(line.trim());
                true
            }
            None => false,
        };
    }
    match line.split_once(':') {
        Some((name, value)) if is_field_name(name) => {
            fields.push(Field {
                name: name.to_owned(),
                value: value.trim().to_owned(),
            });
            true
        }
        _ => false,
    }
}

/// RFC 5322 field names: printable ASCII without spaces or colons. Real ones are short.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 76 && name.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_split_on_blank_lines_and_unfold_continuations() {
        let text = "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@b.example\n\
                    Diagnostic-Code: smtp; 550 5.1.1 User\n    unknown\nnot a field line\n";
        let groups = groups(text);
        assert_eq!(groups.len(), 2);
        assert_eq!(
            get(&groups[1], "diagnostic-code"),
            Some("smtp; 550 5.1.1 User unknown")
        );
        assert_eq!(
            get(&groups[1], "Final-Recipient"),
            Some("rfc822; a@b.example")
        );
    }

    #[test]
    fn a_block_ends_at_the_first_line_that_is_not_a_field() {
        let text = "\n\nReturn-Path: <a@b.example>\nMessage-ID: <1@b.example>\nHello there\nX: y\n";
        let fields = block(text);
        assert_eq!(fields.len(), 2);
        assert_eq!(
            all(&fields, "message-id").collect::<Vec<_>>(),
            ["<1@b.example>"]
        );
    }
}
