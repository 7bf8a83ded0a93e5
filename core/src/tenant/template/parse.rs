//! The parser: source text to a tree of nodes, in one pass that records every error it meets and
//! recovers at the next closing delimiter so later mistakes are reported too.
//!
//! All syntax characters are ASCII, so the parser walks bytes and only ever slices the source at
//! ASCII positions, which are always character boundaries.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::{TemplateError, VariableUse, first_u64};

/// Groups, RANDOM tags, fallbacks and `{% if %}` blocks nested deeper than this are refused, so
/// a hostile template cannot exhaust the stack of the parser or the renderer.
const MAX_DEPTH: usize = 32;

/// After this many errors the parser stops: more would not help the author, and a hostile
/// template full of mistakes must not cost more than a normal one.
const MAX_ERRORS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub(super) enum Node {
    Text(String),
    Var(Var),
    Choice(Choice),
    If(IfBlock),
}

/// A merge tag.
#[derive(Debug, Clone)]
pub(super) struct Var {
    /// Lower case.
    pub name: String,
    /// Rendered when the value is missing; `Some(vec![])` allows an empty rendering.
    pub fallback: Option<Vec<Node>>,
    pub pos: Pos,
}

/// A spintax group or RANDOM tag: at least two alternatives.
#[derive(Debug, Clone)]
pub(super) struct Choice {
    /// Stable per group; mixed with the render seed to draw the alternative.
    pub key: u64,
    pub alternatives: Vec<Vec<Node>>,
}

/// `{% if %}` … `{% elsif %}` … `{% else %}` … `{% endif %}`.
#[derive(Debug, Clone)]
pub(super) struct IfBlock {
    pub branches: Vec<(Condition, Vec<Node>)>,
    pub otherwise: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(super) struct Condition {
    /// Lower case.
    pub name: String,
    pub pos: Pos,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub(super) enum Test {
    /// Has a non-blank value.
    Present,
    /// Has no value, or a blank one.
    Blank,
    Equals(String),
    NotEquals(String),
    Contains(String),
}

pub(super) fn parse(source: &str) -> Result<Vec<Node>, Vec<TemplateError>> {
    let mut parser = Parser::new(source);
    let (nodes, _) = parser.sequence(Ctx::Top);
    if parser.errors.is_empty() {
        Ok(nodes)
    } else {
        Err(parser.errors)
    }
}

pub(super) fn collect_variables(nodes: &[Node], uses: &mut Vec<VariableUse>) {
    let use_of = |name: &str, has_fallback: bool, pos: Pos| VariableUse {
        name: name.to_owned(),
        has_fallback,
        offset: pos.offset,
        line: pos.line,
        column: pos.column,
    };
    for node in nodes {
        match node {
            Node::Text(_) => {}
            Node::Var(var) => {
                uses.push(use_of(&var.name, var.fallback.is_some(), var.pos));
                if let Some(fallback) = &var.fallback {
                    collect_variables(fallback, uses);
                }
            }
            Node::Choice(choice) => {
                for alternative in &choice.alternatives {
                    collect_variables(alternative, uses);
                }
            }
            Node::If(block) => {
                for (condition, body) in &block.branches {
                    uses.push(use_of(&condition.name, true, condition.pos));
                    collect_variables(body, uses);
                }
                collect_variables(&block.otherwise, uses);
            }
        }
    }
}

/// Where a sequence of text and tags sits, which decides what ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// The whole template: only the end of the source.
    Top,
    /// An alternative of `{…|…}`: `|` or `}`.
    Group,
    /// An option of `{{RANDOM|…}}`: `|` or `}}`.
    RandomOption,
    /// The default of `{{fallback|{{x}}|…}}`: `}}`.
    FallbackArg,
    /// A branch of `{% if %}`: `{% elsif %}`, `{% else %}` or `{% endif %}`.
    IfBody,
}

/// What ended a sequence; the terminator has been consumed.
enum Stop {
    End,
    Pipe,
    Close,
    /// The `{% elsif %}` tag's condition and offset.
    Elsif(Condition, usize),
    /// The `{% else %}` tag's offset.
    Else(usize),
    Endif,
}

enum Tag {
    If(Condition),
    Elsif(Condition),
    Else,
    Endif,
}

/// Text and nodes of one sequence, with adjacent text merged.
#[derive(Default)]
struct Seq {
    nodes: Vec<Node>,
    text: String,
}

impl Seq {
    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn node(&mut self, node: Node) {
        match node {
            Node::Text(text) => self.text.push_str(&text),
            node => {
                self.flush();
                self.nodes.push(node);
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.nodes.push(Node::Text(std::mem::take(&mut self.text)));
        }
    }

    fn finish(mut self) -> Vec<Node> {
        self.flush();
        self.nodes
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line_starts: Vec<usize>,
    errors: Vec<TemplateError>,
    /// Nesting of groups, RANDOM tags, fallbacks and if blocks.
    depth: usize,
    /// Nesting of groups and RANDOM tags only: a `|` inside an if block inside one is ambiguous.
    choice_depth: usize,
    /// How many choices with the same source text were seen, for their keys.
    choices_seen: HashMap<&'a str, u64>,
    /// Set when nesting went too deep or errors too many: the rest is not parsed and no more
    /// errors are recorded.
    gave_up: bool,
    /// The first offset from which `}}` and `%}` are known not to occur, once a search failed;
    /// keeps recovery from rescanning the rest of the source for every unclosed tag.
    no_closer_from: [usize; 2],
    /// The last position computed, to count columns from there on long lines.
    last_pos: Pos,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line_starts,
            errors: Vec::new(),
            depth: 0,
            choice_depth: 0,
            choices_seen: HashMap::new(),
            gave_up: false,
            no_closer_from: [usize::MAX; 2],
            last_pos: Pos {
                offset: 0,
                line: 1,
                column: 1,
            },
        }
    }

    // Sequences ----------------------------------------------------------------------------

    fn sequence(&mut self, ctx: Ctx) -> (Vec<Node>, Stop) {
        let mut seq = Seq::default();
        loop {
            let Some(&byte) = self.bytes.get(self.pos).filter(|_| !self.gave_up) else {
                return (seq.finish(), Stop::End);
            };
            match byte {
                b'\\' => self.backslashes(&mut seq),
                b'{' if self.peek(1) == Some(b'%') => {
                    let start = self.pos;
                    match self.liquid_tag() {
                        Some(Tag::If(condition)) => {
                            if let Some(node) = self.if_block(start, condition) {
                                seq.node(node);
                            }
                        }
                        Some(Tag::Elsif(condition)) if ctx == Ctx::IfBody => {
                            return (seq.finish(), Stop::Elsif(condition, start));
                        }
                        Some(Tag::Else) if ctx == Ctx::IfBody => {
                            return (seq.finish(), Stop::Else(start));
                        }
                        Some(Tag::Endif) if ctx == Ctx::IfBody => {
                            return (seq.finish(), Stop::Endif);
                        }
                        Some(tag) => {
                            let word = match tag {
                                Tag::Elsif(_) => "elsif",
                                Tag::Else => "else",
                                _ => "endif",
                            };
                            let message = if ctx == Ctx::Top {
                                format!("{{% {word} %}} without an opening {{% if %}}")
                            } else {
                                format!(
                                    "{{% {word} %}} without an opening {{% if %}} in the same \
                                     spintax alternative or fallback"
                                )
                            };
                            self.error(start, message);
                        }
                        None => {}
                    }
                }
                b'{' if self.peek(1) == Some(b'{') && self.peek(2) != Some(b'{') => {
                    if let Some(node) = self.merge_tag() {
                        seq.node(node);
                    }
                }
                b'{' => self.group(&mut seq),
                b'}' => match ctx {
                    Ctx::Group => {
                        self.pos += 1;
                        return (seq.finish(), Stop::Close);
                    }
                    Ctx::RandomOption | Ctx::FallbackArg if self.peek(1) == Some(b'}') => {
                        self.pos += 2;
                        return (seq.finish(), Stop::Close);
                    }
                    _ => self.unmatched_close(),
                },
                b'|' => match ctx {
                    Ctx::Group | Ctx::RandomOption => {
                        self.pos += 1;
                        return (seq.finish(), Stop::Pipe);
                    }
                    Ctx::FallbackArg => {
                        self.error(
                            self.pos,
                            "a fallback has one default: write \\| for a literal pipe in it",
                        );
                        self.pos += 1;
                    }
                    Ctx::IfBody if self.choice_depth > 0 => {
                        self.error(
                            self.pos,
                            "`|` inside {% if %} within a spintax group: close the if block \
                             before the next alternative, or write \\| for a literal pipe",
                        );
                        self.pos += 1;
                    }
                    Ctx::Top | Ctx::IfBody => {
                        seq.text("|");
                        self.pos += 1;
                    }
                },
                _ => {
                    let end = self.bytes[self.pos..]
                        .iter()
                        .position(|b| matches!(b, b'\\' | b'{' | b'}' | b'|'))
                        .map_or(self.bytes.len(), |i| self.pos + i);
                    seq.text(&self.src[self.pos..end]);
                    self.pos = end;
                }
            }
        }
    }

    /// A run of backslashes: escapes only before `{`, `}` or `|`.
    fn backslashes(&mut self, seq: &mut Seq) {
        let run = self.bytes[self.pos..]
            .iter()
            .take_while(|&&b| b == b'\\')
            .count();
        let after = self.pos + run;
        match self.bytes.get(after) {
            Some(b'{' | b'}' | b'|') => {
                seq.text(&"\\".repeat(run / 2));
                if run % 2 == 1 {
                    seq.text(&self.src[after..after + 1]);
                    self.pos = after + 1;
                } else {
                    self.pos = after;
                }
            }
            _ => {
                seq.text(&self.src[self.pos..after]);
                self.pos = after;
            }
        }
    }

    fn unmatched_close(&mut self) {
        if self.peek(1) == Some(b'}') {
            self.error(
                self.pos,
                "`}}` without an opening `{{`; write \\}\\} for literal braces",
            );
            self.pos += 2;
        } else {
            self.error(
                self.pos,
                "`}` without an opening `{`; write \\} for a literal brace",
            );
            self.pos += 1;
        }
    }

    // Spintax groups -----------------------------------------------------------------------

    /// `{a|b|…}` becomes a choice; a group without `|` is literal text, braces included.
    fn group(&mut self, seq: &mut Seq) {
        let start = self.pos;
        if !self.enter(start) {
            return;
        }
        self.pos += 1;
        self.choice_depth += 1;
        let mut alternatives = Vec::new();
        let closed = loop {
            let (nodes, stop) = self.sequence(Ctx::Group);
            alternatives.push(nodes);
            match stop {
                Stop::Pipe => {}
                Stop::Close => break true,
                _ => break false,
            }
        };
        self.choice_depth -= 1;
        self.depth -= 1;

        if !closed {
            self.error(
                start,
                "`{` is never closed with `}`; write \\{ for a literal brace",
            );
            return;
        }
        if alternatives.len() > 1 {
            let key = self.choice_key(start);
            seq.node(Node::Choice(Choice { key, alternatives }));
            return;
        }
        let inner = alternatives.pop().unwrap_or_default();
        if let [Node::Var(var)] = inner.as_slice() {
            self.error(
                start,
                format!(
                    "triple braces are not supported: write {{{{{name}}}}} for the value, or \
                     \\{{{{{{{name}}}}}\\}} for the value in braces",
                    name = var.name
                ),
            );
            return;
        }
        seq.text("{");
        for node in inner {
            seq.node(node);
        }
        seq.text("}");
    }

    fn choice_key(&mut self, start: usize) -> u64 {
        let source = &self.src[start..self.pos];
        let seen = self.choices_seen.entry(source).or_insert(0);
        let occurrence = *seen;
        *seen += 1;
        let mut hasher = Sha256::new();
        hasher.update(b"penguinmails/template-choice/v1\0");
        hasher.update((source.len() as u64).to_be_bytes());
        hasher.update(source.as_bytes());
        hasher.update(occurrence.to_be_bytes());
        first_u64(&hasher.finalize())
    }

    // Merge tags ---------------------------------------------------------------------------

    /// `{{name}}`, `{{name | "x"}}`, `{{RANDOM|…}}` or `{{fallback|{{name}}|…}}`, at `{{`.
    fn merge_tag(&mut self) -> Option<Node> {
        let start = self.pos;
        self.pos += 2;
        self.skip_ws();
        let name_at = self.pos;
        let name = self.ident();
        if name.is_empty() {
            let (at, message) = if self.at("}}") {
                (
                    start,
                    "empty merge tag: write a name, e.g. {{first_name}}".to_owned(),
                )
            } else if self.at("|") {
                (name_at, "merge tag without a name before `|`".to_owned())
            } else {
                let found = self.describe();
                (name_at, format!("expected a variable name, found {found}"))
            };
            return self.abandon(start, at, message, "}}");
        }
        let name = name.to_lowercase();
        match name.as_str() {
            "random" => return self.random(start),
            "fallback" => return self.fallback_function(start),
            _ => {}
        }

        let pos = self.position(start);
        self.skip_ws();
        let fallback = if self.at("|") {
            self.pos += 1;
            if self.at("|") {
                self.pos += 1;
            }
            self.skip_ws();
            Some(self.fallback_value(start)?)
        } else {
            None
        };
        self.skip_ws();
        self.close_merge_tag(start)?;
        Some(Node::Var(Var {
            name,
            fallback,
            pos,
        }))
    }

    /// After `|`: `"text"`, `'text'` or `default: "text"`.
    fn fallback_value(&mut self, start: usize) -> Option<Vec<Node>> {
        let here = self.pos;
        if self.at("\"") || self.at("'") {
            return self.quoted_in_merge_tag();
        }
        if self.ident() == "default" {
            self.skip_ws();
            if self.at(":") {
                self.pos += 1;
                self.skip_ws();
                if self.at("\"") || self.at("'") {
                    return self.quoted_in_merge_tag();
                }
                let at = self.pos;
                return self.abandon(
                    start,
                    at,
                    "default: takes quoted text, e.g. {{ first_name | default: \"there\" }}",
                    "}}",
                );
            }
        }
        self.pos = here;
        let message = if self.at("}}") {
            "`|` must be followed by a fallback in quotes; write {{name | \"\"}} to allow an \
             empty value"
        } else {
            "fallback text must be in quotes, e.g. {{first_name | \"there\"}}; for a random \
             choice write {Hi|Hello} or {{RANDOM|Hi|Hello}}"
        };
        self.abandon(start, here, message, "}}")
    }

    fn quoted_in_merge_tag(&mut self) -> Option<Vec<Node>> {
        match self.quoted() {
            Some(text) if text.is_empty() => Some(Vec::new()),
            Some(text) => Some(vec![Node::Text(text)]),
            None => {
                self.skip_past("}}");
                None
            }
        }
    }

    fn close_merge_tag(&mut self, start: usize) -> Option<()> {
        if self.at("}}") {
            self.pos += 2;
            return Some(());
        }
        let at = self.pos;
        if self.at("}") {
            self.error(at, "close the merge tag with `}}`, not `}`");
            self.pos += 1;
            return Some(());
        }
        let message = if self.at("|") {
            "a merge tag takes one fallback; Liquid filters other than default: are not \
             supported"
                .to_owned()
        } else {
            format!(
                "expected `|` or `}}}}` in merge tag, found {}",
                self.describe()
            )
        };
        self.abandon(start, at, message, "}}")
    }

    /// `{{RANDOM|a|b|…}}`, after the keyword.
    fn random(&mut self, start: usize) -> Option<Node> {
        self.skip_ws();
        if self.at("}}") {
            self.pos += 2;
            self.error(
                start,
                "RANDOM needs at least two options, e.g. {{RANDOM|Hi|Hello}}",
            );
            return None;
        }
        if !self.at("|") {
            let at = self.pos;
            return self.abandon(start, at, "expected `|` after RANDOM", "}}");
        }
        if !self.enter(start) {
            return None;
        }
        self.pos += 1;
        self.choice_depth += 1;
        let mut options = Vec::new();
        let closed = loop {
            let (nodes, stop) = self.sequence(Ctx::RandomOption);
            options.push(nodes);
            match stop {
                Stop::Pipe => {}
                Stop::Close => break true,
                _ => break false,
            }
        };
        self.choice_depth -= 1;
        self.depth -= 1;

        if !closed {
            self.error(start, "`{{RANDOM` is never closed with `}}`");
            return None;
        }
        if options.len() < 2 {
            self.error(
                start,
                "RANDOM needs at least two options, e.g. {{RANDOM|Hi|Hello}}",
            );
            return None;
        }
        let key = self.choice_key(start);
        Some(Node::Choice(Choice {
            key,
            alternatives: options,
        }))
    }

    /// `{{fallback|{{name}}|default}}`, after the keyword.
    fn fallback_function(&mut self, start: usize) -> Option<Node> {
        // Entered before the inner tag, which may itself be a fallback function.
        if !self.enter(start) {
            return None;
        }
        let node = self.fallback_function_body(start);
        self.depth -= 1;
        node
    }

    fn fallback_function_body(&mut self, start: usize) -> Option<Node> {
        const SHAPE: &str = "write {{fallback|{{first_name}}|Sir}}";
        self.skip_ws();
        if !self.at("|") {
            let at = self.pos;
            return self.abandon(
                start,
                at,
                format!("expected `|` after fallback: {SHAPE}"),
                "}}",
            );
        }
        self.pos += 1;
        self.skip_ws();
        let inner_start = self.pos;
        if !self.at("{{") || self.peek(2) == Some(b'{') {
            return self.abandon(
                start,
                inner_start,
                format!("expected a merge tag after fallback|: {SHAPE}"),
                "}}",
            );
        }
        let mut var = match self.merge_tag() {
            Some(Node::Var(var)) if var.fallback.is_none() => var,
            None => {
                self.skip_past("}}");
                return None;
            }
            Some(_) => {
                self.error(
                    inner_start,
                    format!(
                        "fallback| takes a plain merge tag such as {{{{first_name}}}}: {SHAPE}"
                    ),
                );
                self.skip_past("}}");
                return None;
            }
        };
        self.skip_ws();
        if !self.at("|") {
            let at = self.pos;
            return self.abandon(
                start,
                at,
                format!("expected `|` and a default after the merge tag: {SHAPE}"),
                "}}",
            );
        }
        self.pos += 1;
        let (default, stop) = self.sequence(Ctx::FallbackArg);
        if !matches!(stop, Stop::Close) {
            self.error(start, "`{{fallback` is never closed with `}}`");
            return None;
        }
        var.fallback = Some(default);
        Some(Node::Var(var))
    }

    // Liquid tags --------------------------------------------------------------------------

    /// `{% if … %}`, `{% elsif … %}`, `{% else %}` or `{% endif %}`, at `{%`.
    fn liquid_tag(&mut self) -> Option<Tag> {
        let start = self.pos;
        self.pos += 2;
        if self.at("-") {
            self.error(self.pos, "whitespace control ({%-) is not supported");
            self.pos += 1;
        }
        self.skip_ws();
        let word_at = self.pos;
        let word = self.ident().to_lowercase();
        let tag = match word.as_str() {
            // A condition that fails to parse still opens its block, so that its endif is not
            // reported as a second mistake.
            "if" | "elsif" => {
                let Some(condition) = self.condition(start) else {
                    let condition = Condition {
                        name: String::new(),
                        pos: self.position(start),
                        test: Test::Present,
                    };
                    return Some(if word == "if" {
                        Tag::If(condition)
                    } else {
                        Tag::Elsif(condition)
                    });
                };
                if word == "if" {
                    Tag::If(condition)
                } else {
                    Tag::Elsif(condition)
                }
            }
            "else" => Tag::Else,
            "endif" => Tag::Endif,
            "" => {
                let message = format!("expected a tag name after {{%, found {}", self.describe());
                return self.abandon(start, word_at, message, "%}");
            }
            other => {
                let message =
                    format!("{{% {other} %}} is not supported; only if, elsif, else and endif are");
                return self.abandon(start, word_at, message, "%}");
            }
        };
        self.skip_ws();
        if self.at("%}") {
            self.pos += 2;
            return Some(tag);
        }
        if self.at("-%}") {
            self.error(self.pos, "whitespace control (-%}) is not supported");
            self.pos += 3;
            return Some(tag);
        }
        let at = self.pos;
        let message = format!("expected `%}}` to close the tag, found {}", self.describe());
        self.abandon(start, at, message, "%}")
    }

    /// `name`, `name == "x"`, `name != "x"`, `name contains "x"`, `name == empty`.
    fn condition(&mut self, start: usize) -> Option<Condition> {
        self.skip_ws();
        let name_at = self.pos;
        let name = self.ident().to_lowercase();
        if name.is_empty() {
            let message = format!(
                "expected a variable name to test, found {}",
                self.describe()
            );
            return self.abandon(start, name_at, message, "%}");
        }
        let pos = self.position(name_at);
        self.skip_ws();
        if self.at("%}") || self.at("-%}") {
            return Some(Condition {
                name,
                pos,
                test: Test::Present,
            });
        }

        let op_at = self.pos;
        let src = self.src;
        let op = if self.at("==") || self.at("!=") {
            self.pos += 2;
            &src[op_at..op_at + 2]
        } else {
            self.ident()
        };
        if !matches!(op, "==" | "!=" | "contains") {
            let message = if matches!(op, "and" | "or") {
                "and / or are not supported; nest {% if %} blocks instead".to_owned()
            } else {
                self.pos = op_at;
                format!("expected ==, != or contains, found {}", self.describe())
            };
            return self.abandon(start, op_at, message, "%}");
        }
        self.skip_ws();
        let operand_at = self.pos;
        let test = if self.at("\"") || self.at("'") {
            let Some(text) = self.quoted() else {
                self.skip_past("%}");
                return None;
            };
            match op {
                "==" => Test::Equals(text),
                "!=" => Test::NotEquals(text),
                _ => Test::Contains(text),
            }
        } else {
            match (op, self.ident()) {
                ("==", "empty" | "blank" | "nil") => Test::Blank,
                ("!=", "empty" | "blank" | "nil") => Test::Present,
                _ => {
                    self.pos = operand_at;
                    let message = format!(
                        "compare with quoted text, e.g. {{% if industry == \"SaaS\" %}}, found {}",
                        self.describe()
                    );
                    return self.abandon(start, operand_at, message, "%}");
                }
            }
        };
        Some(Condition { name, pos, test })
    }

    fn if_block(&mut self, start: usize, condition: Condition) -> Option<Node> {
        if !self.enter(start) {
            return None;
        }
        let mut branches = Vec::new();
        let mut condition = condition;
        let mut otherwise = Vec::new();
        let closed = loop {
            let (body, stop) = self.sequence(Ctx::IfBody);
            branches.push((condition, body));
            match stop {
                Stop::Elsif(next, _) => condition = next,
                Stop::Else(_) => break self.else_branch(&mut otherwise),
                Stop::Endif => break true,
                _ => break false,
            }
        };
        self.depth -= 1;

        if !closed {
            self.error(start, "{% if %} is never closed with {% endif %}");
            return None;
        }
        Some(Node::If(IfBlock {
            branches,
            otherwise,
        }))
    }

    /// The body after `{% else %}`, up to `{% endif %}`; whether it was closed.
    fn else_branch(&mut self, otherwise: &mut Vec<Node>) -> bool {
        loop {
            let (body, stop) = self.sequence(Ctx::IfBody);
            otherwise.extend(body);
            match stop {
                Stop::Endif => return true,
                Stop::Elsif(_, at) => {
                    self.error(at, "{% elsif %} after {% else %}; else must come last");
                }
                Stop::Else(at) => self.error(at, "a second {% else %} in the same if block"),
                _ => return false,
            }
        }
    }

    // Lexical helpers ----------------------------------------------------------------------

    /// Quoted text at `"` or `'`; `\\`, `\"` and `\'` escape. The text ends at its closing quote
    /// and may not span lines. On failure the error is recorded and the position is just after
    /// the opening quote.
    fn quoted(&mut self) -> Option<String> {
        let open = self.pos;
        let quote = self.bytes[open];
        let mut text = String::new();
        let mut chars = self.src[open + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\n' | '\r' => break,
                c if c as u32 == u32::from(quote) => {
                    self.pos = open + 1 + i + 1;
                    return Some(text);
                }
                '\\' => match self.src[open + 1 + i + 1..].chars().next() {
                    Some(next @ ('\\' | '"' | '\'')) => {
                        text.push(next);
                        chars.next();
                    }
                    _ => text.push('\\'),
                },
                c => text.push(c),
            }
        }
        self.error(open, "quoted text is missing its closing quote");
        self.pos = open + 1;
        None
    }

    /// Records `message` at `at` and skips past the next `closer`; when there is none, reports
    /// the unclosed opener instead and goes on just after it.
    fn abandon<T>(
        &mut self,
        start: usize,
        at: usize,
        message: impl Into<String>,
        closer: &str,
    ) -> Option<T> {
        match self.find_closer(closer) {
            Some(i) => {
                self.error(at, message);
                self.pos = i + closer.len();
            }
            None => {
                let opener = if closer == "}}" { "{{" } else { "{%" };
                self.error(start, format!("`{opener}` is never closed with `{closer}`"));
                self.pos = start + 2;
            }
        }
        None
    }

    fn skip_past(&mut self, closer: &str) {
        if let Some(i) = self.find_closer(closer) {
            self.pos = i + closer.len();
        }
    }

    /// The offset of the next `}}` or `%}` from the current position.
    fn find_closer(&mut self, closer: &str) -> Option<usize> {
        let slot = usize::from(closer == "%}");
        if self.pos >= self.no_closer_from[slot] {
            return None;
        }
        let found = self.src[self.pos..].find(closer).map(|i| self.pos + i);
        if found.is_none() {
            self.no_closer_from[slot] = self.pos;
        }
        found
    }

    /// Enters one more level of nesting, or refuses and gives up on the rest of the source.
    fn enter(&mut self, start: usize) -> bool {
        if self.depth >= MAX_DEPTH {
            self.error(
                start,
                format!("nested more than {MAX_DEPTH} levels deep; the rest was not checked"),
            );
            self.pos = self.src.len();
            self.gave_up = true;
            return false;
        }
        self.depth += 1;
        true
    }

    /// A name: a letter or `_`, then letters, digits, `_`, `-` or `.`. Empty if none is here.
    fn ident(&mut self) -> &'a str {
        let rest = &self.src[self.pos..];
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if c.is_alphabetic() || c == '_' => {}
            _ => return "",
        }
        let len = chars
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += len;
        &rest[..len]
    }

    fn skip_ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.pos += 1;
        }
    }

    fn at(&self, text: &str) -> bool {
        self.bytes[self.pos..].starts_with(text.as_bytes())
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// The character at the current position, for messages.
    fn describe(&self) -> String {
        match self.src[self.pos..].chars().next() {
            None => "the end of the text".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn position(&mut self, offset: usize) -> Pos {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let last = self.last_pos;
        let (from, column) = if last.line == line && last.offset <= offset {
            (last.offset, last.column)
        } else {
            (self.line_starts[line - 1], 1)
        };
        let pos = Pos {
            offset,
            line,
            column: column + self.src[from..offset].chars().count(),
        };
        self.last_pos = pos;
        pos
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        if self.gave_up {
            return;
        }
        let mut message = message.into();
        if self.errors.len() + 1 == MAX_ERRORS {
            message.push_str(" (too many errors: the rest was not checked)");
            self.gave_up = true;
        }
        let pos = self.position(offset);
        self.errors.push(TemplateError {
            offset,
            line: pos.line,
            column: pos.column,
            message,
        });
    }
}
