//! The console's source files as a newcomer meets them: each under 400
//! lines, and importing each other one way only. The import graph is read
//! from the sources — every `use` and every path through `crate::`,
//! `super::`, `self::`, a child module or a module imported by name — down
//! to the file that defines what the path names; it must have no cycle
//! (two files that need the same thing share a helper module instead).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// A module path from the crate root, such as `console::update::board`.
type ModPath = Vec<String>;

/// Every `.rs` file under `dir`, by the module it defines.
fn modules(dir: &Path, module: &ModPath, into: &mut BTreeMap<ModPath, PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let mut child = module.clone();
        if path.is_dir() {
            child.push(name);
            modules(&path, &child, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if name != "mod" {
                child.push(name);
            }
            into.insert(child, path);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Path, // ::
    Open,
    Close,
    Comma,
    Semi,
    Star,
    /// A macro's `$name`, which names no module.
    Meta,
}

/// The tokens that paths are made of; comments, strings and characters skipped.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                    i += 1;
                }
                i += 2;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
            }
            'r' if at(i + 1) == '#' || (at(i + 1) == '"' && !at(i.wrapping_sub(1)).is_alphanumeric()) => {
                let mut hashes = 0;
                i += 1;
                while at(i) == '#' {
                    hashes += 1;
                    i += 1;
                }
                if at(i) != '"' {
                    continue; // r#ident
                }
                i += 1;
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                while i < chars.len() && !chars[i..].iter().collect::<String>().starts_with(&close) {
                    i += 1;
                }
                i += close.len();
            }
            '\'' => {
                // A character literal ('x', '\n'), or a lifetime ('a).
                if at(i + 1) == '\\' {
                    i += 3;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                    while at(i).is_alphanumeric() || at(i) == '_' {
                        i += 1;
                    }
                }
            }
            ':' if at(i + 1) == ':' => {
                out.push(Token::Path);
                i += 2;
            }
            '{' | '}' | ',' | ';' | '*' => {
                out.push(match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    ';' => Token::Semi,
                    _ => Token::Star,
                });
                i += 1;
            }
            '$' => {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
                out.push(Token::Meta);
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            _ => i += 1,
        }
    }
    out
}

/// The paths a `use` tree names, each with the name it brings in.
fn use_tree(tokens: &[Token], prefix: Vec<String>, out: &mut Vec<(Vec<String>, String)>) -> usize {
    let mut path = prefix;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ident(word) if word == "as" => {
                if let (Some(Token::Ident(alias)), Some(last)) = (tokens.get(i + 1), out.last_mut()) {
                    last.1 = alias.clone();
                }
                i += 2;
                continue;
            }
            Token::Ident(word) if word == "self" && !path.is_empty() => {
                let name = path.last().cloned().unwrap_or_default();
                out.push((path.clone(), name));
            }
            Token::Ident(word) => {
                path.push(word.clone());
                if !matches!(tokens.get(i + 1), Some(Token::Path)) {
                    out.push((path.clone(), word.clone()));
                }
            }
            Token::Star => out.push((path.clone(), String::new())),
            Token::Open => {
                let mut j = i + 1;
                loop {
                    j += use_tree(&tokens[j..], path.clone(), out);
                    match tokens.get(j) {
                        Some(Token::Comma) => j += 1,
                        _ => break,
                    }
                }
                return j + 1; // past the `}`
            }
            Token::Comma | Token::Close | Token::Semi => return i,
            Token::Path | Token::Meta => {}
        }
        i += 1;
    }
    i
}

/// The panes of `pane_list.rs`, by the name of their files: a file that
/// expands the list (`with_panes!`) imports each pane's file in its folder.
fn listed_panes() -> Vec<String> {
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console/pane_list.rs");
    let text = std::fs::read_to_string(list).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|line| line.ends_with(';') && line.contains(" => "))
        .filter_map(|line| line.split_once(" => ")?.1.split_once(':').map(|(name, _)| name.trim().to_string()))
        .collect()
}

/// The file each path in `file` (module `module`) leads to.
fn imports(file: &Path, module: &ModPath, known: &BTreeMap<ModPath, PathBuf>) -> BTreeSet<PathBuf> {
    let source = std::fs::read_to_string(file).unwrap();
    let tokens = tokens(&source);
    // Names that lead to a module: children declared here, and modules
    // imported by name. Inline modules (`mod tests { … }`) are tracked so
    // that their `super` is this file.
    let mut scope: Vec<(ModPath, isize)> = vec![(module.clone(), 0)];
    let mut aliases: BTreeMap<String, ModPath> = BTreeMap::new();
    let mut depth: isize = 0;
    let mut found = BTreeSet::new();
    // A path's full module path, and the file's module it leads into.
    let resolve = |first: &str, rest: &[String], here: &ModPath, aliases: &BTreeMap<String, ModPath>| {
        let mut base = match first {
            "crate" => Vec::new(),
            "self" => here.clone(),
            "super" => here[..here.len().saturating_sub(1)].to_vec(),
            name => match aliases.get(name) {
                Some(path) => path.clone(),
                None => {
                    let child: ModPath = here.iter().cloned().chain([name.to_string()]).collect();
                    if !known.contains_key(&child) {
                        return None;
                    }
                    child
                }
            },
        };
        let mut rest = rest.iter().peekable();
        while rest.peek().is_some_and(|s| *s == "super") {
            base.pop();
            rest.next();
        }
        base.extend(rest.cloned());
        // The longest prefix that is a file's module.
        let file = (1..=base.len()).rev().map(|n| base[..n].to_vec()).find(|p| known.contains_key(p))?;
        Some((base, file))
    };
    let mut i = 0;
    while i < tokens.len() {
        let here = scope.last().map(|(m, _)| m.clone()).unwrap_or_default();
        match &tokens[i] {
            Token::Ident(word) if word == "mod" => {
                if let Some(Token::Ident(name)) = tokens.get(i + 1) {
                    let child: ModPath = here.iter().cloned().chain([name.clone()]).collect();
                    if tokens.get(i + 2) == Some(&Token::Open) {
                        depth += 1;
                        scope.push((child, depth));
                        i += 3;
                        continue;
                    }
                    aliases.insert(name.clone(), child);
                }
            }
            Token::Ident(word) if word == "use" => {
                let mut paths = Vec::new();
                let used = use_tree(&tokens[i + 1..], Vec::new(), &mut paths);
                for (path, name) in paths {
                    let Some((first, rest)) = path.split_first() else { continue };
                    if let Some((full, file)) = resolve(first, rest, &here, &aliases) {
                        // `use crate::console::panes;` makes `panes::board::…` a path.
                        if !name.is_empty() && full == file {
                            aliases.insert(name, file.clone());
                        }
                        found.insert(file);
                    }
                }
                i += used + 1;
                continue;
            }
            Token::Ident(first) => {
                let mut rest = Vec::new();
                let mut j = i + 1;
                while let (Some(Token::Path), Some(Token::Ident(next))) = (tokens.get(j), tokens.get(j + 1)) {
                    rest.push(next.clone());
                    j += 2;
                }
                if !rest.is_empty() {
                    if let Some((_, file)) = resolve(first, &rest, &here, &aliases) {
                        found.insert(file);
                    }
                }
                i = j;
                continue;
            }
            Token::Open => depth += 1,
            Token::Close => {
                if scope.last().is_some_and(|(_, d)| *d == depth) && scope.len() > 1 {
                    scope.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    if source.contains("with_panes!(") {
        let folder = if file.ends_with("mod.rs") { module.clone() } else { module[..module.len() - 1].to_vec() };
        for name in listed_panes() {
            let pane: ModPath = folder.iter().cloned().chain([name]).collect();
            if known.contains_key(&pane) {
                found.insert(pane);
            }
        }
    }
    found
        .into_iter()
        .filter(|m| m != module && m.starts_with(&["console".to_string()]))
        .map(|m| known[&m].clone())
        .collect()
}

/// The console's files, each with the files it imports.
fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console");
    let mut known = BTreeMap::new();
    modules(&root, &vec!["console".to_string()], &mut known);
    known.iter().map(|(module, file)| (file.clone(), imports(file, module, &known))).collect()
}

/// A cycle through `file`, if there is one, as the files on it.
fn cycle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        file: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        done: &mut BTreeSet<PathBuf>,
        path: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = path.iter().position(|p| p == file) {
            return Some(path[at..].iter().cloned().chain([file.clone()]).collect());
        }
        if done.contains(file) {
            return None;
        }
        path.push(file.clone());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(found) = visit(next, graph, done, path) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(file.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|file| visit(file, graph, &mut done, &mut Vec::new()))
}

fn short(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

#[test]
fn the_console_files_import_each_other_one_way() {
    let graph = graph();
    let edge = |from: &str, to: &str| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console");
        graph.get(&root.join(from)).is_some_and(|to_files| to_files.contains(&root.join(to)))
    };
    // The reading finds what is there: a `use`, a path through an
    // imported module, a child module's path.
    assert!(edge("update/board.rs", "update/common.rs"));
    assert!(edge("update/board.rs", "panes/board.rs"));
    assert!(edge("update/mod.rs", "update/session.rs"));
    assert!(edge("render.rs", "update/registry.rs"));
    assert!(edge("update/mod.rs", "update/registry.rs"));
    assert!(edge("update/registry.rs", "update/board.rs"));
    assert!(!edge("update/registry.rs", "update/mod.rs"));
    assert!(edge("state/mod.rs", "pane_list.rs"));
    assert!(!edge("panes/board.rs", "render.rs"));
    if let Some(cycle) = cycle(&graph) {
        let files: Vec<String> = cycle.iter().map(|p| short(p)).collect();
        panic!("the console's files import each other in a circle: {}", files.join(" -> "));
    }
    // The graph, for whoever wants to read it: `cargo test structure -- --nocapture`.
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    println!("{} files, {edges} imports, no cycle", graph.len());
    for (file, to) in &graph {
        println!("{} -> {}", short(file), to.iter().map(|p| short(p)).collect::<Vec<_>>().join(", "));
    }
}

#[test]
fn no_console_file_is_over_400_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console");
    let mut known = BTreeMap::new();
    modules(&root, &vec!["console".to_string()], &mut known);
    let long: Vec<String> = known
        .values()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", short(file)))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {}", long.join(", "));
}
