//! The committed generated files are what the generator makes, and docs/errors.md documents
//! exactly the codes of `coherent_schema::error_codes`.

use std::collections::BTreeSet;

use coherent_schema::error_codes::{Code, ATTEMPT_ONLY, CLASS, CONNECTION, LOADING};

fn read(file: &str) -> String {
    let path = format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn committed_files_are_fresh() {
    for (file, text) in coherent_js_tables::files() {
        assert!(
            read(file) == text,
            "{file} differs from a fresh one: run `npm run build:js-tables` and commit it"
        );
    }
}

/// The text of the `## heading` section of a markdown document, up to the next `## `.
fn section<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let start = markdown
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("docs/errors.md has a section {heading:?}"));
    let rest = &markdown[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

/// The codes in backticks of a text, e.g. `` `ECONNRESET` ``.
fn codes_in(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.len() > 3
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_string)
        .collect()
}

/// The codes in the first cells of a section's table rows (each row documents the codes of its
/// first cell).
fn first_cells(section: &str) -> BTreeSet<String> {
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .flat_map(|row| codes_in(row.split('|').nth(1).unwrap_or("")))
        .collect()
}

fn names(codes: &[Code]) -> BTreeSet<String> {
    codes.iter().map(|c| c.code.to_string()).collect()
}

/// Fails naming the codes only one side has.
fn assert_same(documented: BTreeSet<String>, listed: BTreeSet<String>, place: &str) {
    let missing: Vec<_> = listed.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&listed).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "{place}: listed in crates/schema/src/error_codes.rs but not documented: {missing:?}; \
         documented but not listed: {unknown:?}"
    );
}

#[test]
fn docs_errors_md_documents_exactly_the_listed_codes() {
    let docs = read("docs/errors.md");
    let connection = section(&docs, "Connection codes");
    assert_same(
        first_cells(connection),
        names(CONNECTION),
        "docs/errors.md, Connection codes (first cells)",
    );
    let mentioned = codes_in(connection);
    for c in CLASS.iter().chain(ATTEMPT_ONLY) {
        assert!(
            mentioned.contains(c.code),
            "docs/errors.md, Connection codes, names {}",
            c.code
        );
    }
    assert_same(
        first_cells(section(&docs, "Codes thrown while loading")),
        names(LOADING),
        "docs/errors.md, Codes thrown while loading (first cells)",
    );
}

#[test]
fn sections_and_cells_are_read_as_written() {
    let doc = "intro\n## A\n| `X_ONE`, `X_TWO` | `NOT_FIRST` |\n| --- | --- |\ntext `X_ONE`\n## B\n| `Y_ONE` | y |\n";
    let a = section(doc, "A");
    assert!(a.starts_with("## A\n") && !a.contains("Y_ONE"));
    assert_eq!(
        first_cells(a),
        BTreeSet::from(["X_ONE".to_string(), "X_TWO".to_string()])
    );
    assert_eq!(first_cells(section(doc, "B")).len(), 1);
}

#[test]
fn lib_names_exactly_the_loading_codes() {
    let dir = format!("{}/../../lib", env!("CARGO_MANIFEST_DIR"));
    let mut thrown = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("lib/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&path).expect("a file of lib/");
            for (at, _) in text.match_indices("ERR_COHERENT_") {
                let code: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                thrown.insert(code);
            }
        }
    }
    assert_same(
        thrown,
        names(LOADING),
        "the ERR_COHERENT_* codes of lib/*.js (LOADING)",
    );
}
