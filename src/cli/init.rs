//! `copydesk init`: a commented `copydesk.toml` with the defaults.

use crate::config::FILE_NAME;
use crate::rules::RULES;
use std::path::PathBuf;
use std::process::ExitCode;

/// The text `copydesk init` writes: every setting at its default, explained.
pub fn template() -> String {
    let mut s = String::from(
        "# copydesk.toml — copy-desk settings for the drafts in this folder and below.
# copydesk uses the nearest copydesk.toml above a draft; a draft's front matter can
# override it in a `copydesk:` block. Every value below is the default.

# Attribution verbs in the house tense: \"said\" (past) or \"says\" (present).
attribution_tense = \"said\"

# Periods and commas at a closing quotation mark: \"american\" (always inside, AP),
# \"logical\" (where the sense goes) or \"auto\" (follow the draft).
quote_punctuation = \"auto\"

# What kind of piece the drafts are: \"news\" (the default), or \"column\",
# \"opinion\", \"first-person\", \"editorial\", \"as-told-to\", which may narrate in
# the first person (first-person-narration is off; for as-told-to, unsourced-quote
# too). Usually set per draft in front matter:
# `copydesk: {doc_type: column}`.
doc_type = \"news\"

# What `copydesk check FOLDER` picks up (globs relative to this file's folder;
# .gitignore'd files are skipped).
drafts = [\"**/*.md\", \"**/*.markdown\", \"**/*.txt\"]

# Extra attribution verbs, anonymity phrases and response phrases.
# cue_verbs = [\"recounted\"]
# anonymity_phrases = [\"a palace insider\"]
# response_phrases = [\"sent a statement\"]

# Web boilerplate lines to flag (besides the built-in ones).
# boilerplate = [\"Sign up for the Riverton Daily\"]

# Parties that must have a response in the draft (missing-response).
# subjects = [\"Acme Corp.\"]

# Interview transcripts and notes that quotations are checked against (globs relative
# to this file's folder; .txt, .md, .vtt and .srt files).
transcripts = [\"transcripts/**\", \"notes/**\"]

# House substitutions: observed = expected, or a table with in_quotes = \"apply\" to
# apply inside quotations too (spellings of names).
[terms]
\"e-mail\" = \"email\"
\"E-mail\" = \"Email\"
\"web site\" = \"website\"
\"Web site\" = \"website\"
# \"Bombay\" = { expected = \"Mumbai\", in_quotes = \"apply\" }

# Rule severities: error | warning | info | hint | off. Each line shows the default;
# uncomment to change it. `copydesk rule ID` explains a rule.
[rules]
",
    );
    for r in RULES {
        let level = r.default.map_or("off", |s| s.as_str());
        s.push_str(&format!(
            "# {} = \"{}\"  # {}\n",
            toml_key(r.id),
            level,
            r.summary
        ));
    }
    s
}

fn toml_key(id: &str) -> String {
    if id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        id.to_string()
    } else {
        format!("\"{id}\"")
    }
}

pub fn run(dir: Option<PathBuf>, force: bool) -> ExitCode {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let path = dir.join(FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "error: {} already exists (use --force to overwrite it)",
            path.display()
        );
        return ExitCode::from(2);
    }
    match std::fs::write(&path, template()) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn template_parses_to_the_defaults() {
        let c = Config::from_toml(&template()).unwrap();
        let d = Config::default();
        let sorted = |mut t: Vec<crate::config::Term>| {
            t.sort_by(|a, b| a.observed.cmp(&b.observed));
            t
        };
        assert_eq!(sorted(c.terms.clone()), sorted(d.terms.clone()));
        assert_eq!(c.drafts, d.drafts);
        assert_eq!(c.transcripts, d.transcripts);
        assert_eq!(c.attribution_tense, d.attribution_tense);
        assert_eq!(c.quote_punctuation, d.quote_punctuation);
        assert_eq!(c.doc_type, d.doc_type);
        assert!(c.rules.is_empty());
        // Uncommenting any rule line gives a valid file.
        for r in RULES {
            let line = template()
                .lines()
                .find(|l| l.starts_with(&format!("# {} = ", r.id)))
                .unwrap()
                .trim_start_matches("# ")
                .to_string();
            let t = template().replace(&format!("# {line}"), &line);
            Config::from_toml(&t).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }
}
