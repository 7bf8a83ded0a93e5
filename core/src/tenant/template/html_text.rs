//! Plain text from an HTML body, for the text/plain part of a message whose author wrote only
//! HTML.
//!
//! A forgiving single pass, not a conforming HTML parser: it knows enough of the markup that
//! email editors produce to turn it into readable text. Paragraphs, headings, lists, tables and
//! quotes are separated by a blank line; divs, list items, table rows and `<br>` start a new
//! line. List items get "- ", indented by nesting. Links become "text (url)" unless the text
//! already shows the address. Images give their alt text. Comments, `<head>`, `<style>`,
//! `<script>`, `<title>` and elements hidden with `display:none` (such as preheaders) are
//! dropped. Entities are decoded, whitespace is collapsed except in `<pre>`, and there is never
//! more than one blank line in a row.

/// Readable plain text for an HTML body.
pub fn html_to_text(html: &str) -> String {
    let mut writer = Writer::default();
    let mut pos = 0;
    while pos < html.len() {
        let rest = &html[pos..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            pos += 4 + comment.find("-->").map_or(comment.len(), |i| i + 3);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            pos += rest.find('>').map_or(rest.len(), |i| i + 1);
        } else if let Some(tag) = Tag::parse(rest) {
            pos = writer.tag(&tag, html, pos + tag.len);
        } else {
            // Text up to the next `<`; a `<` that opens no tag is text too.
            let skip = usize::from(rest.starts_with('<'));
            let end = rest[skip..].find('<').map_or(rest.len(), |i| i + skip);
            writer.text(&decode_entities(&rest[..end]));
            pos += end;
        }
    }
    writer.finish()
}

/// Elements whose content is never shown.
const DROPPED: &[&str] = &["head", "script", "style", "title", "template"];

/// Elements set off by a blank line.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "hr",
    "dl",
];

/// Elements that start a new line.
const LINES: &[&str] = &[
    "div",
    "tr",
    "li",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "address",
    "figure",
    "figcaption",
    "center",
    "form",
    "fieldset",
    "caption",
    "dt",
    "dd",
];

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

struct Tag {
    /// Lower case.
    name: String,
    end: bool,
    /// Names in lower case, values with entities decoded.
    attrs: Vec<(String, String)>,
    /// Bytes from `<` to just after `>`.
    len: usize,
}

impl Tag {
    /// A start or end tag at the start of `source`, if it is one.
    fn parse(source: &str) -> Option<Self> {
        let bytes = source.as_bytes();
        if bytes.first() != Some(&b'<') {
            return None;
        }
        let mut i = 1;
        let end = bytes.get(i) == Some(&b'/');
        if end {
            i += 1;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        {
            i += 1;
        }
        let name = source[name_start..i].to_ascii_lowercase();

        let mut attrs = Vec::new();
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let attr_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            let attr = source[attr_start..i].to_ascii_lowercase();
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let value_start = i + 1;
                        i = source[value_start..]
                            .find(char::from(quote))
                            .map_or(source.len(), |n| value_start + n);
                        value = decode_entities(&source[value_start..i]);
                        i = (i + 1).min(source.len());
                    }
                    _ => {
                        let value_start = i;
                        while bytes
                            .get(i)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            i += 1;
                        }
                        value = decode_entities(&source[value_start..i]);
                    }
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        Some(Self {
            name,
            end,
            attrs,
            len: i,
        })
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn is_hidden(&self) -> bool {
        let style: String = self
            .attr("style")
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        style.to_ascii_lowercase().contains("display:none") || self.attr("hidden").is_some()
    }
}

/// An open `<a>`: where its text starts in the output (once some was written) and its target.
struct Link {
    start: Option<usize>,
    href: String,
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Whitespace was seen since the last character written.
    space: bool,
    /// Line breaks owed before the next character: 1 ends the line, 2 leaves a blank line.
    breaks: usize,
    /// A list bullet owed before the next character.
    bullet: Option<String>,
    lists: usize,
    pre: usize,
    /// The open `<a>`; as in browsers, a new one closes the previous one.
    link: Option<Link>,
    /// Dropped elements whose end tag is known to be missing after some offset, so that a
    /// document full of unclosed `<head>` tags is not rescanned for each of them.
    unclosed_from: Vec<(String, usize)>,
}

impl Writer {
    /// Handles a tag whose markup ends at `after`; returns where to continue.
    fn tag(&mut self, tag: &Tag, html: &str, after: usize) -> usize {
        let name = tag.name.as_str();
        if !tag.end {
            if DROPPED.contains(&name) {
                return self.skip_element_content(html, after, name);
            }
            if !VOID.contains(&name) && tag.is_hidden() {
                return skip_element(html, after, name);
            }
        }
        match name {
            "br" => self.breaks = (self.breaks + 1).min(2),
            "ul" | "ol" => {
                if tag.end {
                    self.lists = self.lists.saturating_sub(1);
                } else {
                    self.lists += 1;
                }
                self.block(if self.lists == 0 || (self.lists == 1 && !tag.end) {
                    2
                } else {
                    1
                });
            }
            "li" if !tag.end => {
                self.block(1);
                let indent = "  ".repeat(self.lists.clamp(1, 8) - 1);
                self.bullet = Some(format!("{indent}- "));
            }
            "td" | "th" => self.space = true,
            "a" => {
                self.close_link();
                if !tag.end {
                    self.link = Some(Link {
                        start: None,
                        href: tag.attr("href").unwrap_or_default().trim().to_owned(),
                    });
                }
            }
            "img" => {
                if let Some(alt) = tag.attr("alt") {
                    self.space = true;
                    self.text(alt);
                    self.space = true;
                }
            }
            "pre" => {
                self.pre = if tag.end {
                    self.pre.saturating_sub(1)
                } else {
                    self.pre + 1
                };
                self.block(2);
            }
            _ if PARAGRAPHS.contains(&name) => self.block(2),
            _ if LINES.contains(&name) => self.block(1),
            _ => {}
        }
        after
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                // Invisible characters that preheader padding is made of.
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
                | '\u{34f}' => {}
                '\r' => {}
                '\n' if self.pre > 0 => {
                    self.flush();
                    self.out.push('\n');
                }
                c if c.is_whitespace() && self.pre == 0 => self.space = true,
                c => {
                    self.flush();
                    self.out.push(c);
                }
            }
        }
    }

    fn block(&mut self, breaks: usize) {
        self.breaks = self.breaks.max(breaks);
    }

    /// Writes the whitespace, line breaks and bullet owed before the next character.
    fn flush(&mut self) {
        if self.out.is_empty() {
            self.breaks = 0;
            self.space = false;
        }
        if self.breaks > 0 {
            let have = self.out.chars().rev().take_while(|&c| c == '\n').count();
            for _ in have..self.breaks {
                self.out.push('\n');
            }
            self.breaks = 0;
        } else if self.space && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.space = false;
        if let Some(bullet) = self.bullet.take() {
            self.out.push_str(&bullet);
        }
        if let Some(link) = &mut self.link {
            link.start.get_or_insert(self.out.len());
        }
    }

    fn close_link(&mut self) {
        let Some(link) = self.link.take() else {
            return;
        };
        let href = link.href;
        if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
            return;
        }
        let text = link.start.map_or("", |start| self.out[start..].trim());
        if text.is_empty() {
            self.text(&href);
        } else if !same_address(text, &href) {
            self.out.push_str(" (");
            self.out.push_str(&href);
            self.out.push(')');
        }
    }

    /// Skips the content of a dropped element to just after its end tag. A `head` or `title`
    /// without one is not skipped, so a malformed document does not lose its whole body.
    fn skip_element_content(&mut self, html: &str, from: usize, name: &str) -> usize {
        let known_missing = self
            .unclosed_from
            .iter()
            .any(|(unclosed, at)| unclosed == name && *at <= from);
        let found = if known_missing {
            None
        } else {
            find_ignore_case(html, from, &format!("</{name}"))
        };
        match found {
            Some(i) => html[i..].find('>').map_or(html.len(), |n| i + n + 1),
            None => {
                if !known_missing {
                    self.unclosed_from.push((name.to_owned(), from));
                }
                if matches!(name, "head" | "title") {
                    from
                } else {
                    html.len()
                }
            }
        }
    }

    fn finish(self) -> String {
        let mut text = String::with_capacity(self.out.len());
        let mut blank = false;
        for line in self.out.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank = true;
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
                if blank {
                    text.push('\n');
                }
            }
            blank = false;
            text.push_str(line);
        }
        text
    }
}

/// Whether a link's text already shows its address.
fn same_address(text: &str, href: &str) -> bool {
    fn bare(address: &str) -> &str {
        let address = ["mailto:", "tel:", "https://", "http://"]
            .iter()
            .find_map(|scheme| {
                address
                    .get(..scheme.len())
                    .filter(|prefix| prefix.eq_ignore_ascii_case(scheme))
                    .map(|_| &address[scheme.len()..])
            })
            .unwrap_or(address);
        let address = address.strip_prefix("www.").unwrap_or(address);
        address.strip_suffix('/').unwrap_or(address)
    }
    text == href || bare(text).eq_ignore_ascii_case(bare(href))
}

/// Skips a hidden element's content, counting nested elements of the same name.
fn skip_element(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 1;
    let mut pos = from;
    while let Some(i) = html[pos..].find('<').map(|i| pos + i) {
        let end = bytes.get(i + 1) == Some(&b'/');
        let name_at = i + 1 + usize::from(end);
        let matches_name = bytes
            .get(name_at..name_at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && !bytes
                .get(name_at + name.len())
                .is_some_and(u8::is_ascii_alphanumeric);
        pos = i + 1;
        if !matches_name {
            continue;
        }
        let close = html[i..].find('>').map_or(html.len(), |n| i + n + 1);
        let self_closing = html[i..close].ends_with("/>");
        if end {
            depth -= 1;
            if depth == 0 {
                return close;
            }
        } else if !self_closing {
            depth += 1;
        }
        pos = close;
    }
    html.len()
}

fn find_ignore_case(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    let last = bytes.len().checked_sub(needle.len())?;
    (from..=last).find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Decodes character references: the common named ones, decimal and hexadecimal. Anything
/// else, including a name without its `;`, stays as written.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_entity(rest, &mut out) {
            Some(len) => rest = &rest[len..],
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `text` (which starts with `&`) into `out`; returns its
/// length in bytes.
fn decode_entity(text: &str, out: &mut String) -> Option<usize> {
    let semicolon = text.bytes().take(34).position(|b| b == b';')?;
    let body = &text[1..semicolon];
    if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        out.push(c);
        return Some(semicolon + 1);
    }
    let (_, value) = NAMED.iter().find(|(name, _)| *name == body)?;
    out.push_str(value);
    Some(semicolon + 1)
}

/// Named references common in email HTML.
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("thinsp", " "),
    ("zwnj", "\u{200c}"),
    ("zwj", "\u{200d}"),
    ("shy", "\u{ad}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("bull", "•"),
    ("middot", "·"),
    ("deg", "°"),
    ("times", "×"),
    ("divide", "÷"),
    ("plusmn", "±"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("larr", "←"),
    ("rarr", "→"),
    ("check", "✓"),
    ("agrave", "à"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("aring", "å"),
    ("aelig", "æ"),
    ("ccedil", "ç"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("euml", "ë"),
    ("igrave", "ì"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iuml", "ï"),
    ("ntilde", "ñ"),
    ("ograve", "ò"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("oslash", "ø"),
    ("ugrave", "ù"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("uuml", "ü"),
    ("yacute", "ý"),
    ("yuml", "ÿ"),
    ("szlig", "ß"),
    ("Agrave", "À"),
    ("Aacute", "Á"),
    ("Acirc", "Â"),
    ("Auml", "Ä"),
    ("Aring", "Å"),
    ("AElig", "Æ"),
    ("Ccedil", "Ç"),
    ("Egrave", "È"),
    ("Eacute", "É"),
    ("Ecirc", "Ê"),
    ("Iacute", "Í"),
    ("Ntilde", "Ñ"),
    ("Oacute", "Ó"),
    ("Ocirc", "Ô"),
    ("Ouml", "Ö"),
    ("Oslash", "Ø"),
    ("Uacute", "Ú"),
    ("Uuml", "Ü"),
];

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn blocks_become_lines_and_paragraphs() {
        let html = "<h1>Hello</h1><p>First   paragraph\n  wraps.</p><p>Second<br>line</p>\
                    <div>A div</div><div>Another</div>";
        assert_eq!(
            html_to_text(html),
            "Hello\n\nFirst paragraph wraps.\n\nSecond\nline\n\nA div\nAnother"
        );
    }

    #[test]
    fn at_most_one_blank_line_in_a_row() {
        let html = "<p>a</p><p></p><br><br><br><p>b</p>a<br><br><br><br>c";
        assert_eq!(html_to_text(html), "a\n\nb\n\na\n\nc");
    }

    #[test]
    fn lists_get_bullets_indented_by_nesting() {
        let html = "<p>Why:</p><ul><li>fast</li><li>cheap<ul><li>really</li></ul></li></ul>\
                    <ol><li>one</li></ol><p>End</p>";
        assert_eq!(
            html_to_text(html),
            "Why:\n\n- fast\n- cheap\n  - really\n\n- one\n\nEnd"
        );
    }

    #[test]
    fn links_show_their_address_unless_the_text_does() {
        let html = r##"<p><a href="https://acme.test/demo?a=1&amp;b=2">Book a demo</a>,
            <a href="https://acme.test/">acme.test</a>,
            <a href="mailto:sam@acme.test">sam@acme.test</a>,
            <a href="https://acme.test/x"><img src="x.png"></a>,
            <a href="#top">top</a></p>"##;
        assert_eq!(
            html_to_text(html),
            "Book a demo (https://acme.test/demo?a=1&b=2), acme.test, sam@acme.test, \
             https://acme.test/x, top"
        );
    }

    #[test]
    fn link_inside_a_list_item_keeps_the_bullet_out_of_the_text() {
        let html = r#"<ul><li><a href="https://acme.test">https://acme.test</a></li></ul>"#;
        assert_eq!(html_to_text(html), "- https://acme.test");
    }

    #[test]
    fn head_style_script_comments_and_hidden_preheaders_are_dropped() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p { color: red; }\
                    </style></head><body><!-- note --><div style=\"display: none; max-height:0\">\
                    Preview &zwnj;&nbsp;&zwnj;&nbsp;<div>nested</div></div>\
                    <script>alert(1)</script><p>Visible</p></body></html>";
        assert_eq!(html_to_text(html), "Visible");
    }

    #[test]
    fn entities_are_decoded() {
        let html = "<p>Fish &amp; chips &lt;3 &quot;yes&quot; &#8211; &#x2014; caf&eacute; \
                    &nbsp;&copy; &unknown; &amp no-semicolon &#xZZ;</p>";
        assert_eq!(
            html_to_text(html),
            "Fish & chips <3 \"yes\" – — café © &unknown; &amp no-semicolon &#xZZ;"
        );
    }

    #[test]
    fn tables_put_rows_on_lines_and_cells_side_by_side() {
        let html = "<table><tr><td>Plan</td><td>Price</td></tr><tr><td>Pro</td><td>$9</td></tr>\
                    </table><p>Thanks</p>";
        assert_eq!(html_to_text(html), "Plan Price\nPro $9\n\nThanks");
    }

    #[test]
    fn images_give_their_alt_text() {
        let html = "<p>Logo:<img src=\"l.png\" alt=\"Acme\">Inc</p>";
        assert_eq!(html_to_text(html), "Logo: Acme Inc");
    }

    #[test]
    fn pre_keeps_its_whitespace() {
        let html = "<p>Code:</p><pre>fn main() {\n    go();\n}</pre><p>done</p>";
        assert_eq!(
            html_to_text(html),
            "Code:\n\nfn main() {\n    go();\n}\n\ndone"
        );
    }

    #[test]
    fn stray_angle_brackets_and_plain_text_survive() {
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_to_text("Hello there"), "Hello there");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<p>unclosed <b"), "unclosed");
    }

    #[test]
    fn uppercase_tags_work() {
        assert_eq!(
            html_to_text("<P>One</P><BR><STYLE>x{}</STYLE>Two"),
            "One\n\nTwo"
        );
    }
}
