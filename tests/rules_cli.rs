//! Suppressions, configuration and the `check` / `rule` commands.

use copydesk::config::Config;
use copydesk::engine::Format;
use copydesk::rules::{RULES, Severity, check};
use std::path::PathBuf;
use std::process::Command;

fn rules_of(text: &str) -> Vec<&'static str> {
    check(text, Format::Markdown, &Config::default())
        .iter()
        .map(|f| f.rule)
        .collect()
}

const ORPHAN: &str = "“Reopen the library before winter.”";

#[test]
fn disable_next_line_for_one_rule() {
    let text =
        format!("<!-- copydesk-disable-next-line unsourced-quote -->\n{ORPHAN}\n\n{ORPHAN}\n");
    let f = check(&text, Format::Markdown, &Config::default());
    let hits: Vec<_> = f.iter().filter(|f| f.rule == "unsourced-quote").collect();
    assert_eq!(hits.len(), 1, "{f:?}");
    assert!(hits[0].span.start > text.find("\n\n").unwrap());
}

#[test]
fn disable_next_line_other_rule_does_not_suppress() {
    let text = format!("<!-- copydesk-disable-next-line scare-quote -->\n{ORPHAN}\n");
    assert!(rules_of(&text).contains(&"unsourced-quote"));
}

#[test]
fn disable_enable_region_and_all_rules() {
    let text = format!(
        "<!-- copydesk-disable -->\n\n{ORPHAN}\n\nThe company refused to comment.\n\n<!-- copydesk-enable -->\n\n{ORPHAN}\n"
    );
    let f = check(&text, Format::Markdown, &Config::default());
    assert_eq!(f.iter().filter(|f| f.rule == "unsourced-quote").count(), 1);
    assert!(!f.iter().any(|f| f.rule == "refused-to-comment"));
}

#[test]
fn disable_file() {
    let text = format!("{ORPHAN}\n\n<!-- copydesk-disable-file unsourced-quote -->\n");
    assert!(!rules_of(&text).contains(&"unsourced-quote"));
    let text = format!("<!-- copydesk-disable-file -->\n\n{ORPHAN}\n\nLeave a comment\n");
    assert!(rules_of(&text).is_empty(), "{:?}", rules_of(&text));
}

#[test]
fn unknown_rule_in_suppression_is_reported() {
    let text = format!("<!-- copydesk-disable-next-line unsourced-qoute -->\n{ORPHAN}\n");
    let r = rules_of(&text);
    assert!(r.contains(&"unknown-rule-in-suppression"));
    assert!(r.contains(&"unsourced-quote"));
}

#[test]
fn config_overrides_severity_and_turns_rules_off() {
    let cfg =
        Config::from_toml("[rules]\nunsourced-quote = \"info\"\nscare-quote = \"off\"\n").unwrap();
    let f = check(
        &format!("{ORPHAN}\n\nThe “reform” cut benefits.\n"),
        Format::Markdown,
        &cfg,
    );
    let uq = f
        .iter()
        .find(|f| f.rule == "unsourced-quote")
        .expect("unsourced");
    assert_eq!(uq.severity, Severity::Info);
    assert!(!f.iter().any(|f| f.rule == "scare-quote"));
}

#[test]
fn off_by_default_rules_stay_off_until_enabled() {
    let text = "“We will keep funding [the library] next year,” Patel said.\n";
    assert!(!rules_of(text).contains(&"quote-insertion"));
    let cfg = Config::from_toml("[rules]\nquote-insertion = \"hint\"\n").unwrap();
    let f = check(text, Format::Markdown, &cfg);
    assert!(f.iter().any(|f| f.rule == "quote-insertion"));
}

#[test]
fn front_matter_overrides_yaml_and_toml() {
    let yaml = format!("---\ncopydesk:\n  rules:\n    unsourced-quote: \"off\"\n---\n\n{ORPHAN}\n");
    assert!(!rules_of(&yaml).contains(&"unsourced-quote"));
    let toml = format!("+++\n[copydesk.rules]\nunsourced-quote = \"off\"\n+++\n\n{ORPHAN}\n");
    assert!(
        !rules_of(&toml).contains(&"unsourced-quote"),
        "{:?}",
        rules_of(&toml)
    );
    // A malformed block is ignored: the defaults stay.
    let bad = format!("---\ncopydesk:\n  rules:\n    unsourced-quote: \"loud\"\n---\n\n{ORPHAN}\n");
    assert!(rules_of(&bad).contains(&"unsourced-quote"));
}

#[test]
fn front_matter_subjects_need_a_response() {
    let text = "---\ncopydesk:\n  subjects: [\"Acme Corp.\"]\n---\n\nAcme Corp. opened a plant.\n";
    assert!(rules_of(text).contains(&"missing-response"));
    let ok = "---\ncopydesk:\n  subjects: [\"Acme Corp.\"]\n---\n\nAcme Corp. opened a plant.\n\nAcme Corp. declined to comment.\n";
    assert!(!rules_of(ok).contains(&"missing-response"));
}

#[test]
fn house_terms_from_config() {
    let cfg = Config::from_toml(
        "[terms]\nBombay = { expected = \"Mumbai\", in_quotes = \"apply\" }\nUS = \"U.S.\"\n",
    )
    .unwrap();
    let f = check(
        "The US team flew to Bombay. “We love Bombay and the US,” Patel said.\n",
        Format::Markdown,
        &cfg,
    );
    let terms: Vec<_> = f.iter().filter(|f| f.rule == "house-style-term").collect();
    // Bombay twice (applies in quotes), US once (skipped in quotes).
    assert_eq!(terms.len(), 3, "{terms:?}");
}

#[test]
fn attribution_verb_keeps_tense_and_case() {
    for (input, want) in [
        ("Ekwueme stated that the bridge was safe.", "said"),
        ("Ekwueme states that the bridge is safe.", "says"),
        ("“The bridge is safe,” Ekwueme stated.", "said"),
        (
            "Ekwueme issued a report, stating that the bridge was safe.",
            "saying",
        ),
    ] {
        let f = check(input, Format::Markdown, &Config::default());
        let Some(v) = f.iter().find(|f| f.rule == "attribution-verb") else {
            panic!("no finding for {input}: {f:?}");
        };
        assert_eq!(v.fixes[0].edits[0].replacement, want, "{input}");
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn check_json_contract_and_exit_codes() {
    let d = temp_dir("json");
    let bad = d.join("bad.md");
    std::fs::write(&bad, format!("# Title\n\n{ORPHAN}\n")).unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(v["file"], bad.display().to_string());
    let d0 = &v["diagnostics"][0];
    assert_eq!(d0["rule"], "unsourced-quote");
    assert_eq!(d0["severity"], "error");
    assert_eq!(d0["line"], 3);
    assert_eq!(d0["column"], 1);
    assert_eq!(d0["start"], 9);
    // The quote is 33 characters plus two 3-byte marks.
    assert_eq!(d0["end_column"], 1 + ORPHAN.chars().count());
    assert_eq!(d0["end"], 9 + ORPHAN.len());
    assert_eq!(d0["fixes"][0]["applicability"], "unsafe");
    assert!(d0["related"].is_array());

    let clean = d.join("clean.md");
    std::fs::write(&clean, "“Reopen the library,” Patel said.\n").unwrap();
    let out = bin().args(["check"]).arg(&clean).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = bin()
        .args(["check"])
        .arg(d.join("missing.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
}

#[test]
fn check_reports_config_errors_with_position() {
    let d = temp_dir("cfg");
    std::fs::write(
        d.join("copydesk.toml"),
        "[rules]\nunsourced-quote = \"loud\"\n",
    )
    .unwrap();
    std::fs::write(d.join("a.md"), "The council met.\n").unwrap();
    let out = bin().arg("check").arg(d.join("a.md")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("copydesk.toml:2:"), "{err}");
}

#[test]
fn check_directory_uses_draft_globs() {
    let d = temp_dir("dir");
    std::fs::write(d.join("copydesk.toml"), "drafts = [\"stories/*.md\"]\n").unwrap();
    std::fs::create_dir_all(d.join("stories")).unwrap();
    std::fs::write(d.join("stories/a.md"), format!("{ORPHAN}\n")).unwrap();
    std::fs::write(d.join("notes.md"), format!("{ORPHAN}\n")).unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&d)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("stories"));
}

#[test]
fn rule_command_prints_docs() {
    let out = bin().args(["rule", "unsourced-quote"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("unsourced-quote") && text.contains("Flagged"));
    let out = bin()
        .args(["rule", "--all", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), RULES.len());
    let out = bin().args(["rule", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sources_command_still_works() {
    let d = temp_dir("sources");
    std::fs::write(d.join("a.md"), "“Reopen it,” Patel said.\n").unwrap();
    let out = bin()
        .args(["sources", "--format", "json"])
        .arg(d.join("a.md"))
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn multibyte_currency_spans() {
    let f = check(
        "The site sold the files for €7000.\n",
        Format::Markdown,
        &Config::default(),
    );
    let s = f
        .iter()
        .find(|f| f.rule == "unattributed-statistic")
        .expect("statistic");
    assert_eq!(s.span.start, "The site sold the files for ".len());
}

#[test]
fn extra_cue_verbs_attribute_quotes() {
    // Inverted: a tag with an unlisted verb after the subject ("…,” she intoned") is
    // attributed without the config (the tag fallback); "intoned the widow" needs it.
    let text = "“The river took everything we had,” intoned the widow.\n";
    let plain = check(text, Format::Markdown, &Config::default());
    assert!(
        plain.iter().any(|f| f.rule == "unsourced-quote"),
        "{plain:?}"
    );
    let cfg = Config::from_toml("cue_verbs = [\"intoned\"]\n").unwrap();
    let with = check(text, Format::Markdown, &cfg);
    assert!(
        !with.iter().any(|f| f.rule == "unsourced-quote"),
        "{with:?}"
    );
}

#[test]
fn extra_phrases_from_config() {
    let cfg = Config::from_toml(
        "anonymity_phrases = [\"a little bird\"]\nresponse_phrases = [\"sent a written reply\"]\nboilerplate = [\"Sign up for the Riverton Daily\"]\n",
    )
    .unwrap();
    // "a palace insider" is caught without configuration (an unnamed insider role);
    // a house's own descriptor needs the config.
    let anon = "A little bird said the king would resign.\n";
    assert!(!rules_of(anon).contains(&"anonymous-source"));
    let f = check(anon, Format::Markdown, &cfg);
    assert!(f.iter().any(|f| f.rule == "anonymous-source"), "{f:?}");

    let alleg = "A lawsuit accuses Acme Corp. of fraud.\n\nAcme Corp. sent a written reply.\n";
    assert!(rules_of(alleg).contains(&"missing-response"));
    let f = check(alleg, Format::Markdown, &cfg);
    assert!(!f.iter().any(|f| f.rule == "missing-response"), "{f:?}");

    let bp = "The council met.\n\nSign up for the Riverton Daily\n";
    assert!(!rules_of(bp).contains(&"web-boilerplate"));
    let f = check(bp, Format::Markdown, &cfg);
    assert!(f.iter().any(|f| f.rule == "web-boilerplate"), "{f:?}");
}
