//! Every flag with a fixed list of values refuses any other value before
//! anything runs: the real binary exits with the usage code (2) and its
//! message lists the values. The flags are found by walking the command
//! tree, so a new enumerated flag is covered without touching this file.

use std::process::Command;

use bluelamp::cli::Cli;
use clap::CommandFactory;

/// A value no list holds.
const BOGUS: &str = "no-such-value";

/// An argument that takes one of a fixed list of values, with the words
/// that reach it on the command line.
struct Enumerated {
    words: Vec<String>,
    values: Vec<String>,
}

fn enumerated(cmd: &clap::Command, path: &[String], found: &mut Vec<Enumerated>) {
    for arg in cmd.get_arguments() {
        let values: Vec<String> =
            arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
        if !arg.get_action().takes_values() || values.is_empty() {
            continue;
        }
        let mut words = path.to_vec();
        match arg.get_long() {
            Some(long) => words.extend([format!("--{long}"), BOGUS.to_string()]),
            None => words.push(BOGUS.to_string()),
        }
        found.push(Enumerated { words, values });
    }
    for sub in cmd.get_subcommands() {
        let mut path = path.to_vec();
        path.push(sub.get_name().to_string());
        enumerated(sub, &path, found);
    }
}

#[test]
fn every_enumerated_flag_refuses_an_unknown_value_listing_the_allowed_ones() {
    let mut found = Vec::new();
    enumerated(&Cli::command(), &[], &mut found);
    let lines: Vec<String> = found.iter().map(|f| f.words.join(" ")).collect();
    // The walk reaches the flags this rule was made for.
    for expected in [
        "--format no-such-value",
        "query warrants --status no-such-value",
        "query warrants --borough no-such-value",
        "query cases --status no-such-value",
        "custody release --outcome no-such-value",
        "custody risk-assessment --level no-such-value",
        "custody book-in --sex no-such-value",
        "admin user add --role no-such-value",
        "query incidents --grade no-such-value",
        "incident open --subtype no-such-value",
        "incident close --result no-such-value",
        "incident link --role no-such-value",
    ] {
        assert!(lines.iter().any(|l| l == expected), "the walk missed `{expected}`; found:\n{}", lines.join("\n"));
    }

    let mut failures = Vec::new();
    for flag in &found {
        let out = Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(&flag.words)
            .env_remove("BLUELAMP_FORMAT")
            .env_remove("BLUELAMP_CONFIG_DIR")
            .output()
            .expect("run bluelamp");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let missing: Vec<&String> = flag.values.iter().filter(|v| !stderr.contains(v.as_str())).collect();
        if out.status.code() != Some(2) || !stderr.contains(&format!("invalid value '{BOGUS}'")) || !missing.is_empty()
        {
            failures.push(format!(
                "bluelamp {}: exit {:?}, values not listed {missing:?}\n{stderr}",
                flag.words.join(" "),
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
