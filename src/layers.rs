//! The layer rules of the design, checked against the sources: each folder
//! of `src/` is a layer, and a layer names (`crate::…`) only the layers
//! below it. Test code is left out: a console test may start a real server.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each layer and the layers of ours it may import. The command line is
/// the edge: it starts servers, opens stores and seeds data, so it may
/// import any layer.
const RULES: &[(&str, Option<&[&str]>)] = &[
    ("domain", Some(&[])),
    ("matching", Some(&["domain"])),
    ("search", Some(&["matching", "domain"])),
    ("linkage", Some(&["matching", "domain"])),
    ("api", Some(&["domain"])),
    ("store", Some(&["domain"])),
    ("import", Some(&["store", "linkage", "matching", "domain"])),
    ("seed", Some(&["domain"])),
    ("server", Some(&["store", "search", "import", "api", "domain"])),
    ("client", Some(&["api"])),
    ("console", Some(&["client", "api", "domain"])),
    ("cli", None),
];

/// Files outside the store that may use the database driver: the search
/// benchmark's rival PostgreSQL design, in a database of its own.
const DRIVER_ELSEWHERE: &[&str] = &["cli/bench/pg_design.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its path relative to `src/`.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("src is readable").map(|e| e.expect("src is readable").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src()).expect("under src").to_string_lossy().replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).expect("source is UTF-8")));
        }
    }
}

/// The code of a file that is not test code, without comments: a
/// `tests.rs` or a file in a `tests/` folder is all test code, and
/// elsewhere the test module comes last, after `#[cfg(test)]`.
fn code(path: &str, text: &str) -> Option<String> {
    if path.ends_with("/tests.rs") || path.contains("/tests/") {
        return None;
    }
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        // A `//` after a colon is a URL in a string, not a comment.
        let cut = line.match_indices("//").find(|(i, _)| !line[..*i].ends_with(':')).map(|(i, _)| i);
        out.push_str(&line[..cut.unwrap_or(line.len())]);
        out.push('\n');
    }
    Some(out)
}

/// The top-level modules of ours that `code` names: `crate::x::…`, and
/// each `x` of a grouped `crate::{x::…, y}`.
fn layers_named(code: &str) -> Vec<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut named = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            named.push(ident(rest));
            continue;
        };
        let mut depth = 1;
        let mut item_start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => break,
                '}' => depth -= 1,
                ',' if depth == 1 => item_start = true,
                c if c.is_whitespace() => {}
                _ if item_start && depth == 1 => {
                    named.push(ident(&group[i..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    named.retain(|n| !n.is_empty());
    named
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let root = src();
    let rules: BTreeMap<&str, Option<&[&str]>> = RULES.iter().copied().collect();
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut broken = Vec::new();
    for (path, text) in &files {
        let Some((layer, _)) = path.split_once('/') else { continue };
        let Some(allowed) = rules.get(layer) else {
            broken.push(format!("src/{layer}/ is a folder with no layer rule: add it to RULES"));
            continue;
        };
        let (Some(allowed), Some(code)) = (allowed, code(path, text)) else { continue };
        for named in layers_named(&code) {
            if named != layer && !allowed.contains(&named.as_str()) {
                broken.push(format!("src/{path} imports {named}; {layer} may import only {allowed:?}"));
            }
        }
    }
    broken.sort();
    broken.dedup();
    assert!(broken.is_empty(), "layer rules broken:\n{}", broken.join("\n"));
}

#[test]
fn only_the_store_talks_to_the_database() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let talking: Vec<&str> = files
        .iter()
        .filter(|(path, text)| {
            path.contains('/')
                && !path.starts_with("store/")
                && !DRIVER_ELSEWHERE.contains(&path.as_str())
                && code(path, text).is_some_and(|c| c.contains("sqlx"))
        })
        .map(|(path, _)| path.as_str())
        .collect();
    assert!(talking.is_empty(), "only src/store/ may use the database driver, but so do {talking:?}");
}

#[test]
fn the_reader_finds_grouped_imports_and_skips_comments_and_tests() {
    let read = code(
        "server/x.rs",
        "use crate::api::Change; // crate::seed\nuse crate::{store::Store, domain::{event, person}};\n\
         let u = \"http://x\"; crate::search::go();\n#[cfg(test)]\nmod tests { use crate::cli; }\n",
    )
    .unwrap();
    assert_eq!(layers_named(&read), ["api", "store", "domain", "search"]);
    assert!(code("console/tests/server.rs", "use crate::server;").is_none());
}
