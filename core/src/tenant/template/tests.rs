//! Unit tests of parsing and rendering.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::*;

/// A lookup over `pairs`; names are matched as given, the engine lower-cases them.
fn lead(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn render(source: &str, pairs: &[(&str, &str)], seed: u64) -> Result<String, MissingVariable> {
    parse(source).unwrap().render(&lead(pairs), seed)
}

fn text(source: &str) -> String {
    render(source, &[], 0).unwrap()
}

/// Every distinct rendering over `seeds` seeds.
fn outputs(source: &str, pairs: &[(&str, &str)], seeds: u64) -> BTreeSet<String> {
    let template = parse(source).unwrap();
    let lookup = lead(pairs);
    (0..seeds)
        .map(|seed| template.render(&lookup, seed).unwrap())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn errors(source: &str) -> Vec<TemplateError> {
    parse(source).expect_err("should not parse")
}

/// The only error's (line, column, message).
fn error(source: &str) -> (usize, usize, String) {
    let errors = errors(source);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    (e.line, e.column, e.message.clone())
}

// Merge tags --------------------------------------------------------------------------------

#[test]
fn plain_text_renders_as_written() {
    assert_eq!(text(""), "");
    assert_eq!(
        text("Hello, world: 100% | done"),
        "Hello, world: 100% | done"
    );
}

#[test]
fn merge_tags_allow_spaces_and_ignore_case() {
    let pairs = [("first_name", "Renée")];
    for source in [
        "{{first_name}}",
        "{{ first_name }}",
        "{{First_Name}}",
        "{{ FIRST_NAME\t}}",
    ] {
        assert_eq!(render(source, &pairs, 1).unwrap(), "Renée", "{source}");
    }
}

#[test]
fn values_are_trimmed_and_never_reparsed() {
    let pairs = [
        ("first_name", "  Zoë "),
        ("company", "{Acme|Evil} {{x}} \\{"),
    ];
    assert_eq!(
        render("Hi {{first_name}} at {{company}}", &pairs, 3).unwrap(),
        "Hi Zoë at {Acme|Evil} {{x}} \\{"
    );
}

#[test]
fn a_missing_or_blank_value_without_fallback_refuses_to_render() {
    for pairs in [
        &[][..],
        &[("first_name", "")][..],
        &[("first_name", " \t ")][..],
    ] {
        let err = render("Hi {{first_name}},", pairs, 0).unwrap_err();
        assert_eq!(err.name, "first_name");
        assert_eq!(
            err.to_string(),
            "no value for {{first_name}} and no fallback"
        );
    }
}

#[test]
fn fallbacks_cover_missing_and_blank_values() {
    for source in [
        "Hi {{first_name | \"there\"}},",
        "Hi {{first_name|'there'}},",
        "Hi {{first_name || \"there\"}},",
        "Hi {{ first_name | default: \"there\" }},",
        "Hi {{first_name | default:'there'}},",
        "Hi {{fallback|{{first_name}}|there}},",
        "Hi {{FALLBACK | {{ first_name }} |there}},",
    ] {
        assert_eq!(render(source, &[], 0).unwrap(), "Hi there,", "{source}");
        assert_eq!(
            render(source, &[("first_name", " ")], 0).unwrap(),
            "Hi there,",
            "{source}"
        );
        assert_eq!(
            render(source, &[("first_name", "Ólafur")], 0).unwrap(),
            "Hi Ólafur,",
            "{source}"
        );
    }
}

#[test]
fn an_explicit_empty_fallback_allows_an_empty_value() {
    assert_eq!(text("Hi{{first_name | \"\"}}!"), "Hi!");
    assert_eq!(text("Hi{{first_name | ''}}!"), "Hi!");
    assert_eq!(text("Hi{{fallback|{{first_name}}|}}!"), "Hi!");
}

#[test]
fn quoted_fallbacks_keep_their_text_and_unescape_quotes() {
    assert_eq!(
        text(r#"{{a | " it's \"fine\" \\ {x|y} }} "}}"#),
        r#" it's "fine" \ {x|y} }} "#
    );
    assert_eq!(text(r"{{a | 'it\'s'}}"), "it's");
    assert_eq!(text(r#"{{a | "C:\temp"}}"#), r"C:\temp");
}

#[test]
fn the_function_fallback_may_hold_spintax_and_other_tags() {
    let source = "Hi {{fallback|{{nickname}}|{{fallback|{{first_name}}|{friend|there}}}}}!";
    assert_eq!(
        render(source, &[("nickname", "Bo"), ("first_name", "Bob")], 0).unwrap(),
        "Hi Bo!"
    );
    assert_eq!(
        render(source, &[("first_name", "Bob")], 0).unwrap(),
        "Hi Bob!"
    );
    assert_eq!(outputs(source, &[], 100), set(&["Hi friend!", "Hi there!"]));
    assert_eq!(
        text("{{fallback|{{a}}| kept as is }}"),
        " kept as is ",
        "whitespace in the default is kept"
    );
}

// Spintax -----------------------------------------------------------------------------------

#[test]
fn spintax_picks_one_alternative_and_keeps_whitespace() {
    assert_eq!(
        outputs("{Hi|Hello|Hey} there", &[], 200),
        set(&["Hi there", "Hello there", "Hey there"])
    );
    assert_eq!(outputs("{ a | b }", &[], 200), set(&[" a ", " b "]));
    assert_eq!(
        outputs("{|P.S. }Thanks", &[], 200),
        set(&["Thanks", "P.S. Thanks"])
    );
    assert_eq!(outputs("x{|}y", &[], 50), set(&["xy"]));
}

#[test]
fn spintax_nests_and_holds_merge_tags() {
    assert_eq!(
        outputs("{Hi|Hello {there|friend}}!", &[], 300),
        set(&["Hi!", "Hello there!", "Hello friend!"])
    );
    assert_eq!(
        outputs("{Hi {{first_name}}|Hello}", &[("first_name", "Zoë")], 200),
        set(&["Hi Zoë", "Hello"])
    );
    assert_eq!(
        outputs("{{{first_name}}|there}", &[("first_name", "Zoë")], 200),
        set(&["Zoë", "there"])
    );
    assert_eq!(
        outputs("{Hey|{Hi|Hello} there}", &[], 300),
        set(&["Hey", "Hi there", "Hello there"])
    );
}

#[test]
fn random_keyword_is_case_insensitive_and_keeps_whitespace() {
    assert_eq!(
        outputs("{{RANDOM | Hi | Hello}}", &[], 200),
        set(&[" Hi ", " Hello"])
    );
    assert_eq!(
        outputs("{{RANDOM | Hi | Hello }}", &[], 200),
        set(&[" Hi ", " Hello "])
    );
    assert_eq!(
        outputs("{{rAnDoM|Hi|Hello}}", &[], 200),
        set(&["Hi", "Hello"])
    );
    assert_eq!(outputs("{{random||Hello}}", &[], 200), set(&["", "Hello"]));
    assert_eq!(
        outputs(
            "{{RANDOM|Hi {{first_name}}|{Hey|Yo}}}",
            &[("first_name", "Al")],
            300
        ),
        set(&["Hi Al", "Hey", "Yo"])
    );
}

#[test]
fn the_same_seed_gives_the_same_output() {
    let template = parse("{a|b|c|d} {e|f|g|h} {{RANDOM|i|j|k}} {l|{m|n}}").unwrap();
    let lookup = lead(&[]);
    for seed in [0, 1, 42, u64::MAX] {
        let first = template.render(&lookup, seed).unwrap();
        for _ in 0..5 {
            assert_eq!(template.render(&lookup, seed).unwrap(), first);
            assert_eq!(template.clone().render(&lookup, seed).unwrap(), first);
        }
    }
}

#[test]
fn draws_are_spread_evenly_over_seeds() {
    let template = parse("{a|b|c}").unwrap();
    let lookup = lead(&[]);
    let mut counts = BTreeMap::new();
    for seed in 0..30_000u64 {
        *counts
            .entry(template.render(&lookup, seed).unwrap())
            .or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 3);
    for (alternative, count) in counts {
        assert!((9_400..=10_600).contains(&count), "{alternative}: {count}");
    }
}

#[test]
fn groups_draw_independently_of_each_other() {
    // Nested, sibling and identical groups: every combination shows up.
    assert_eq!(
        outputs("{a|b}{a|b}", &[], 200),
        set(&["aa", "ab", "ba", "bb"])
    );
    assert_eq!(
        outputs("{a|b}{c|d}", &[], 200),
        set(&["ac", "ad", "bc", "bd"])
    );
    assert_eq!(
        outputs("{x{a|b}|y{a|b}}", &[], 300),
        set(&["xa", "xb", "ya", "yb"])
    );
}

#[test]
fn editing_one_group_does_not_reshuffle_the_others() {
    let before = parse("Intro {a|b|c} middle {d|e|f} end {g|h}").unwrap();
    let after = parse("New intro text {a|b|c} other {d|e|f|NEW} end {g|h}").unwrap();
    let lookup = lead(&[]);
    let mut differed = 0;
    for seed in 0..200 {
        let old = before.render(&lookup, seed).unwrap();
        let new = after.render(&lookup, seed).unwrap();
        let old: Vec<&str> = old.split(' ').collect();
        let new: Vec<&str> = new.split(' ').collect();
        assert_eq!(old[1], new[3], "first group, seed {seed}");
        assert_eq!(old[5], new[7], "last group, seed {seed}");
        differed += usize::from(old[3] != new[5]);
    }
    assert!(differed > 0, "the edited group draws anew");
}

#[test]
fn a_brace_group_without_a_pipe_is_literal_text() {
    assert_eq!(text("We are in {beta} now"), "We are in {beta} now");
    assert_eq!(text("{}"), "{}");
    assert_eq!(text("a{b{c}d}e"), "a{b{c}d}e");
    assert_eq!(
        render("{ {{first_name}} }", &[("first_name", "Al")], 0).unwrap(),
        "{ Al }"
    );
    assert_eq!(outputs("{x {y} | z}", &[], 100), set(&["x {y} ", " z"]));
}

#[test]
fn css_in_a_style_block_passes_through() {
    let source = "<!DOCTYPE html>
<html>
<head>
<style type=\"text/css\">
  body { margin: 0; padding: 0; font-family: Arial, sans-serif; }
  .button a { color: #ffffff !important; background: #1a73e8; }
  @media only screen and (max-width: 600px) {
    .wrapper { width: 100% !important; }
    .col{display:block!important}}
  a[href^=\"tel\"], a[data-x|=\"en\"] { color: inherit; }
</style>
</head>
<body><p>{Hi|Hello} {{first_name}},</p></body>
</html>";
    let out = parse(source)
        .unwrap()
        .render_html(&lead(&[("first_name", "Al")]), 7)
        .unwrap();
    let style_end = source.find("</style>").unwrap();
    assert_eq!(&out[..style_end], &source[..style_end]);
    assert!(
        out.ends_with("<body><p>Hi Al,</p></body>\n</html>")
            || out.ends_with("<body><p>Hello Al,</p></body>\n</html>"),
        "{out}"
    );
}

#[test]
fn backslashes_escape_braces_and_pipes() {
    assert_eq!(text(r"\{a|b\}"), "{a|b}");
    assert_eq!(text(r"{a\|b}"), "{a|b}");
    assert_eq!(text(r"\{{first_name\}}"), "{{first_name}}");
    assert_eq!(text(r"\{\{first_name\}\}"), "{{first_name}}");
    assert_eq!(
        text(r"C:\temp\new and \\server"),
        r"C:\temp\new and \\server"
    );
    assert_eq!(text(r"\\\{"), r"\{");
    assert_eq!(outputs(r"\\{a|b}", &[], 100), set(&[r"\a", r"\b"]));
    assert_eq!(text(r"trailing \"), r"trailing \");
}

// Conditionals ------------------------------------------------------------------------------

#[test]
fn if_elsif_else_pick_the_first_branch_that_holds() {
    let source = "{% if industry == \"SaaS\" %}your SaaS{% elsif industry contains \"Retail\" %}\
                  your shops{% elsif industry %}your {{industry}} team{% else %}your team\
                  {% endif %}";
    assert_eq!(
        render(source, &[("industry", "SaaS")], 0).unwrap(),
        "your SaaS"
    );
    assert_eq!(
        render(source, &[("industry", " Online Retail ")], 0).unwrap(),
        "your shops"
    );
    assert_eq!(
        render(source, &[("industry", "Mining")], 0).unwrap(),
        "your Mining team"
    );
    assert_eq!(
        render(source, &[("industry", "  ")], 0).unwrap(),
        "your team"
    );
    assert_eq!(render(source, &[], 0).unwrap(), "your team");
}

#[test]
fn conditions_compare_and_test_for_empty() {
    let cases = [
        ("{% if a != \"x\" %}y{% endif %}", "y"),
        ("{% if a == empty %}y{% endif %}", "y"),
        ("{% if a == blank %}y{% else %}n{% endif %}", "y"),
        ("{% if a != nil %}y{% else %}n{% endif %}", "n"),
        ("{% if a == \"\" %}y{% endif %}", "y"),
        ("{%if A%}y{%else%}n{%endif%}", "n"),
    ];
    for (source, expected) in cases {
        assert_eq!(text(source), expected, "{source}");
    }
    assert_eq!(
        render(
            "{% if A == \"saas\" %}y{% else %}n{% endif %}",
            &[("a", "SaaS")],
            0
        )
        .unwrap(),
        "n",
        "comparisons are case-sensitive"
    );
}

#[test]
fn conditionals_nest_with_spintax() {
    let source = "{Hi|Hello}{% if first_name %} {{first_name}}{% endif %}!";
    assert_eq!(outputs(source, &[], 100), set(&["Hi!", "Hello!"]));
    assert_eq!(
        outputs(source, &[("first_name", "Al")], 100),
        set(&["Hi Al!", "Hello Al!"])
    );
    let inside = "{A{% if x %}B{% endif %}|C}";
    assert_eq!(outputs(inside, &[("x", "1")], 100), set(&["AB", "C"]));
}

// HTML --------------------------------------------------------------------------------------

#[test]
fn render_html_escapes_values_but_not_the_template() {
    let source = "<p title=\"{{company}}\">{<b>Hi</b>|<i>Hello</i>} {{first_name}} \
                  {{nickname | \"&amp; friends\"}}</p>";
    let template = parse(source).unwrap();
    let lookup = lead(&[
        ("first_name", "<script>\"Tom\" & 'Jerry'"),
        ("company", "A\"B"),
    ]);
    for seed in 0..20 {
        let html = template.render_html(&lookup, seed).unwrap();
        assert!(
            html.starts_with("<p title=\"A&quot;B\"><b>Hi</b>")
                || html.starts_with("<p title=\"A&quot;B\"><i>Hello</i>"),
            "{html}"
        );
        assert!(
            html.ends_with(
                " &lt;script&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39; &amp; friends</p>"
            )
        );
        let plain = template.render(&lookup, seed).unwrap();
        assert!(plain.contains("<script>\"Tom\" & 'Jerry'"));
        assert_eq!(
            html.contains("<b>Hi</b>"),
            plain.contains("<b>Hi</b>"),
            "both draw the same alternatives"
        );
    }
}

// Variables ---------------------------------------------------------------------------------

#[test]
fn variables_lists_every_use_with_its_position() {
    let source = "{Hi {{First_Name}}|Hello}\n  é {{company | \"you\"}} {{RANDOM|{{x}}|y}}\n\
                  {% if industry == \"SaaS\" %}{{fallback|{{nick}}|{{first_name}}}}{% endif %}";
    let uses: Vec<(String, bool, usize, usize)> = parse(source)
        .unwrap()
        .variables()
        .into_iter()
        .map(|u| (u.name, u.has_fallback, u.line, u.column))
        .collect();
    let expected = [
        ("first_name", false, 1, 5),
        ("company", true, 2, 5),
        ("x", false, 2, 34),
        ("industry", true, 3, 7),
        ("nick", true, 3, 39),
        ("first_name", false, 3, 48),
    ];
    let expected: Vec<(String, bool, usize, usize)> = expected
        .iter()
        .map(|(n, f, l, c)| ((*n).to_owned(), *f, *l, *c))
        .collect();
    assert_eq!(uses, expected);

    let first = &parse(source).unwrap().variables()[0];
    assert_eq!(first.offset, 4);
    assert_eq!(&source[first.offset..first.offset + 2], "{{");
}

// Errors ------------------------------------------------------------------------------------

#[test]
fn unbalanced_braces_are_reported_where_they_are() {
    assert_eq!(
        error("Hi {there"),
        (
            1,
            4,
            "`{` is never closed with `}`; write \\{ for a literal brace".into()
        )
    );
    assert_eq!(
        error("Hi there}"),
        (
            1,
            9,
            "`}` without an opening `{`; write \\} for a literal brace".into()
        )
    );
    assert_eq!(
        error("a\nb }} c"),
        (
            2,
            3,
            "`}}` without an opening `{{`; write \\}\\} for literal braces".into()
        )
    );
    assert_eq!(
        error("ñé {{first_name"),
        (1, 4, "`{{` is never closed with `}}`".into())
    );
    assert_eq!(
        error("{{first_name}"),
        (1, 13, "close the merge tag with `}}`, not `}`".into())
    );
    assert_eq!(
        error("{{RANDOM|a|b").2,
        "`{{RANDOM` is never closed with `}}`"
    );
}

#[test]
fn empty_and_nameless_merge_tags_are_errors() {
    assert_eq!(
        error("Hi {{}}").2,
        "empty merge tag: write a name, e.g. {{first_name}}"
    );
    assert_eq!(
        error("Hi {{  }}").2,
        "empty merge tag: write a name, e.g. {{first_name}}"
    );
    assert_eq!(
        error("{{ | \"x\"}}").2,
        "merge tag without a name before `|`"
    );
    assert_eq!(error("{{1st}}").2, "expected a variable name, found `1`");
    assert_eq!(
        error("{{first name}}").2,
        "expected `|` or `}}` in merge tag, found `n`"
    );
}

#[test]
fn fallbacks_must_be_quoted_and_single() {
    let unquoted = error("{{first_name|there}}");
    assert_eq!((unquoted.0, unquoted.1), (1, 14));
    assert!(unquoted.2.starts_with("fallback text must be in quotes"));
    assert!(
        error("{{first_name | }}")
            .2
            .contains("write {{name | \"\"}}")
    );
    assert!(
        error("{{a | \"x\" | \"y\"}}")
            .2
            .starts_with("a merge tag takes one fallback")
    );
    assert!(
        error("{{a | upcase}}")
            .2
            .starts_with("fallback text must be in quotes")
    );
    assert!(
        error("{{a | default: there}}")
            .2
            .starts_with("default: takes quoted text")
    );
    assert!(
        error("{{a | \"x\" extra}}")
            .2
            .starts_with("expected `|` or `}}`")
    );
}

#[test]
fn an_unterminated_fallback_string_is_an_error() {
    assert_eq!(
        error("Hi {{first_name | \"there}}, welcome"),
        (1, 19, "quoted text is missing its closing quote".into())
    );
    assert_eq!(
        error("{{a | 'x}}\n'"),
        (1, 7, "quoted text is missing its closing quote".into())
    );
}

#[test]
fn random_needs_options() {
    for source in [
        "{{RANDOM}}",
        "{{ random }}",
        "{{RANDOM|}}",
        "{{RANDOM|only}}",
    ] {
        assert_eq!(
            error(source),
            (
                1,
                1,
                "RANDOM needs at least two options, e.g. {{RANDOM|Hi|Hello}}".into()
            ),
            "{source}"
        );
    }
    assert_eq!(error("{{RANDOM x}}").2, "expected `|` after RANDOM");
}

#[test]
fn the_function_fallback_has_a_fixed_shape() {
    assert!(
        error("{{fallback}}")
            .2
            .starts_with("expected `|` after fallback")
    );
    assert!(
        error("{{fallback|first_name|Sir}}")
            .2
            .starts_with("expected a merge tag")
    );
    assert!(
        error("{{fallback|{{a|\"x\"}}|Sir}}")
            .2
            .starts_with("fallback| takes a plain")
    );
    assert!(
        error("{{fallback|{{a}}}}")
            .2
            .starts_with("expected `|` and a default")
    );
    assert!(
        error("{{fallback|{{a}}|x|y}}")
            .2
            .starts_with("a fallback has one default")
    );
}

#[test]
fn triple_braces_are_refused_with_a_hint() {
    let message = error("Hi {{{first_name}}}").2;
    assert_eq!(
        message,
        "triple braces are not supported: write {{first_name}} for the value, or \
         \\{{{first_name}}\\} for the value in braces"
    );
    assert_eq!(
        render(r"\{{{first_name}}\}", &[("first_name", "Al")], 0).unwrap(),
        "{Al}",
        "the hint works"
    );
}

#[test]
fn liquid_mistakes_and_unsupported_tags_are_reported() {
    assert_eq!(
        error("{% if a %}x").2,
        "{% if %} is never closed with {% endif %}"
    );
    assert_eq!(
        error("x{% endif %}").2,
        "{% endif %} without an opening {% if %}"
    );
    assert_eq!(
        error("{% for x in y %}x").2,
        "{% for %} is not supported; only if, elsif, else and endif are"
    );
    assert!(
        error("{% if a and b %}x{% endif %}")
            .2
            .starts_with("and / or")
    );
    assert!(
        error("{% if a > \"1\" %}x{% endif %}")
            .2
            .starts_with("expected ==, !=")
    );
    assert!(
        error("{% if a == b %}x{% endif %}")
            .2
            .starts_with("compare with quoted text")
    );
    assert!(
        error("{%- if a %}x{% endif %}")
            .2
            .starts_with("whitespace control")
    );
    assert!(
        error("{% if a -%}x{% endif %}")
            .2
            .starts_with("whitespace control")
    );
    assert!(
        error("{% if a %}x{% else %}y{% else %}z{% endif %}")
            .2
            .starts_with("a second {% else %}")
    );
    assert!(
        error("{a{% if x %}b|c{% endif %}}")
            .2
            .starts_with("`|` inside {% if %} within a spintax group")
    );
    assert_eq!(errors("{a {% if x %}b}{% endif %}")[0].column, 15);
}

#[test]
fn all_errors_are_collected_with_their_positions() {
    let source = "Hi {{}}, {{first_name|there}}\n{{RANDOM}} and } and {{a | \"b\ncontinued {x|y";
    let found: Vec<(usize, usize)> = errors(source).iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(found, [(1, 4), (1, 23), (2, 1), (2, 16), (2, 28), (3, 11)]);
    let shown = errors("a }").remove(0).to_string();
    assert_eq!(
        shown,
        "line 1, column 3: `}` without an opening `{`; write \\} for a literal brace"
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "{".repeat(10_000) + &"}".repeat(10_000);
    let found = errors(&deep);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .starts_with("nested more than 32 levels deep")
    );
    let fine = "{a|".repeat(30) + &"}".repeat(30);
    assert!(parse(&fine).is_ok());
    for deep in [
        "{{fallback|".repeat(10_000),
        "{{RANDOM|".repeat(10_000),
        "{% if a %}".repeat(10_000),
    ] {
        assert!(errors(&deep)[0].message.starts_with("nested more than"));
    }
}

#[test]
fn many_mistakes_stop_at_fifty_errors() {
    let source = "} {{ ".repeat(20_000);
    let found = errors(&source);
    assert_eq!(found.len(), 50);
    assert!(
        found[49]
            .message
            .ends_with("(too many errors: the rest was not checked)")
    );
    assert_eq!((found[49].line, found[49].column), (1, 123));
}

#[test]
fn long_single_line_templates_parse_in_linear_time() {
    // Minified HTML is one long line; columns are counted incrementally.
    let source = "<td>{{first_name | \"x\"}} {a|b}</td>".repeat(20_000);
    let started = std::time::Instant::now();
    let template = parse(&source).unwrap();
    assert_eq!(template.variables().last().unwrap().column, 19_999 * 35 + 5);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

// Seeds -------------------------------------------------------------------------------------

#[test]
fn seeds_are_stable_and_depend_on_every_input() {
    let campaign = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001);
    let lead_id = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0002);
    let base = seed(campaign, lead_id, 1, "subject");
    // Frozen: a change here breaks agreement between earlier previews and sends.
    assert_eq!(base, 5_067_369_586_927_110_225);
    assert_eq!(seed(campaign, lead_id, 1, "subject"), base);
    let others = [
        seed(lead_id, campaign, 1, "subject"),
        seed(campaign, lead_id, 2, "subject"),
        seed(campaign, lead_id, 1, "html"),
        seed(campaign, lead_id, 1, "Subject"),
    ];
    assert!(others.iter().all(|&s| s != base));
}

// Robustness --------------------------------------------------------------------------------

/// Pseudo-random strings over an alphabet dense in syntax characters and multi-byte text.
fn noise(count: usize) -> Vec<String> {
    const ALPHABET: &[&str] = &[
        "{", "}", "{{", "}}", "|", "\\", "{%", "%}", "\"", "'", " ", "\n", "a", "é", "日", "😀",
        "RANDOM", "fallback", "if", "else", "endif", "==", "default:", "x", "<p>", "&amp;",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ALPHABET[(state % ALPHABET.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}

#[test]
fn arbitrary_input_never_panics() {
    let lookup = lead(&[("x", "<v>"), ("a", "1")]);
    let mut parsed = 0;
    for source in noise(20_000) {
        match parse(&source) {
            Ok(template) => {
                parsed += 1;
                let _ = template.variables();
                let _ = template.render(&lookup, 9);
                let _ = template.render_html(&lookup, 9);
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(source.is_char_boundary(e.offset), "{source:?}: {e}");
                    assert!(e.line >= 1 && e.column >= 1);
                }
            }
        }
        let _ = html_to_text(&source);
    }
    assert!(
        parsed > 100,
        "the generator also produces valid templates: {parsed}"
    );
}
