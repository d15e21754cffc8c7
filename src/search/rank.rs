//! The full score of one candidate: query words are paired with the
//! entry's name tokens (best pairs first, each used once), the pairs are
//! weighed by role (surname, first forename, middle name), aliases pay a
//! small penalty, and the date of birth lifts or lowers the result. Every
//! part of the score leaves a short reason.

use chrono::NaiveDate;

use crate::domain::dates::PartialDate;

use super::candidates::{Kind, Term, TokenMatch, INITIAL};
use super::dob::{self, QueryDob};
use super::encoded::{decode, NameView};
use super::vocab::Vocab;

/// A name met through an alias counts for this much of the same primary match.
const ALIAS_FACTOR: f32 = 0.92;
/// A single word matching a forename rather than a surname.
const FORENAME_ONLY: f32 = 0.85;
/// A query word matching a middle name rather than the first forename.
const MIDDLE_NAME: f32 = 0.85;
/// Per unmatched extra forename, so "John Smith" outranks "John Paul Smith".
const EXTRA_FORENAME: f32 = 0.01;
/// Per unmatched part of a double-barrelled surname, so "John Smith"
/// outranks "John Johnson-Smith" for "john smith".
const EXTRA_SURNAME_PART: f32 = 0.01;
/// Surname typed where a forename was expected, or the reverse.
const SWAPPED: f32 = 0.01;
/// Hits scoring below this are noise.
/// A forename alone in a two-word query (0.45) stays out; a surname alone (0.55) shows.
pub(crate) const MIN_SCORE: f32 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Fore(usize),
    SurPart,
    SurJoined,
}

#[derive(Debug, Clone, Copy)]
struct Pair {
    term: usize,
    slot: usize,
    token: u32,
    m: TokenMatch,
}

/// Buffers reused across candidates, so scoring allocates nothing per entry.
#[derive(Default)]
pub(crate) struct Workspace {
    tokens: Vec<(u32, Role)>,
    options: Vec<Pair>,
    pairs: Vec<Pair>,
    term_used: Vec<bool>,
    slot_used: Vec<bool>,
}

/// The score of one name, with its pairs left in the workspace.
struct NameScore {
    score: f32,
    swapped: bool,
}

fn fill_roles(name: &NameView, out: &mut Vec<(u32, Role)>) {
    out.clear();
    out.extend(name.fore.iter().enumerate().map(|(k, &t)| (t, Role::Fore(k))));
    let joined = name.sur.len() > 1;
    for (k, &t) in name.sur.iter().enumerate() {
        let role = if joined && k == name.sur.len() - 1 { Role::SurJoined } else { Role::SurPart };
        out.push((t, role));
    }
}

fn pair_match(term: &Term, token: u32, role: Role, vocab: &Vocab) -> Option<TokenMatch> {
    if term.initial {
        let is_fore = matches!(role, Role::Fore(_));
        return (is_fore && vocab.text(token).starts_with(term.text.as_str()))
            .then_some(TokenMatch { weight: INITIAL, kind: Kind::Initial });
    }
    term.matches.get(&token).copied()
}

fn score_name(terms: &[Term], name: &NameView, vocab: &Vocab, ws: &mut Workspace) -> NameScore {
    fill_roles(name, &mut ws.tokens);
    ws.options.clear();
    for (i, term) in terms.iter().enumerate() {
        for (j, &(token, role)) in ws.tokens.iter().enumerate() {
            if let Some(m) = pair_match(term, token, role, vocab) {
                ws.options.push(Pair { term: i, slot: j, token, m });
            }
        }
    }
    ws.options
        .sort_unstable_by(|a, b| b.m.weight.total_cmp(&a.m.weight).then(a.term.cmp(&b.term)).then(a.slot.cmp(&b.slot)));
    ws.term_used.clear();
    ws.term_used.resize(terms.len(), false);
    ws.slot_used.clear();
    ws.slot_used.resize(ws.tokens.len(), false);
    ws.pairs.clear();
    let mut parts_used = false;
    let mut joined_used = false;
    for p in &ws.options {
        let role = ws.tokens[p.slot].1;
        let blocked = match role {
            Role::SurPart => joined_used,
            Role::SurJoined => parts_used,
            Role::Fore(_) => false,
        };
        if ws.term_used[p.term] || ws.slot_used[p.slot] || blocked {
            continue;
        }
        ws.term_used[p.term] = true;
        ws.slot_used[p.slot] = true;
        parts_used |= role == Role::SurPart;
        joined_used |= role == Role::SurJoined;
        ws.pairs.push(*p);
    }
    ws.pairs.sort_unstable_by_key(|p| p.term);

    let roles = &ws.tokens;
    let pairs = &ws.pairs;
    let n = terms.len().max(1) as f32;
    let coverage: f32 = pairs.iter().map(|p| p.m.weight).sum::<f32>() / n;
    let is_sur = |p: &Pair| matches!(roles[p.slot].1, Role::SurPart | Role::SurJoined);
    let surname = pairs.iter().filter(|p| is_sur(p)).map(|p| p.m.weight).fold(0.0, f32::max);
    let first = pairs.iter().find(|p| roles[p.slot].1 == Role::Fore(0)).map(|p| p.m.weight);
    let middle = pairs
        .iter()
        .filter(|p| matches!(roles[p.slot].1, Role::Fore(k) if k > 0))
        .map(|p| p.m.weight * MIDDLE_NAME)
        .fold(0.0, f32::max);
    let forename = first.unwrap_or(middle);

    let mut score = if terms.len() == 1 {
        match pairs.first() {
            Some(p) if is_sur(p) => p.m.weight,
            Some(p) => p.m.weight * FORENAME_ONLY,
            None => 0.0,
        }
    } else {
        0.5 * coverage + 0.3 * surname + 0.2 * forename
    };
    let matched_fore = pairs.iter().filter(|p| matches!(roles[p.slot].1, Role::Fore(_))).count();
    let extra = name.fore.len().saturating_sub(matched_fore.max(1)).min(3);
    score -= EXTRA_FORENAME * extra as f32;
    if name.sur.len() > 1 && !pairs.iter().any(|p| roles[p.slot].1 == Role::SurJoined) {
        let parts = pairs.iter().filter(|p| roles[p.slot].1 == Role::SurPart).count();
        if parts > 0 {
            score -= EXTRA_SURNAME_PART * (name.sur.len() - 1 - parts) as f32;
        }
    }
    let swapped =
        terms.len() > 1 && pairs.iter().any(|p| terms[p.term].surname_slot != is_sur(p) && !terms[p.term].initial);
    if swapped {
        score -= SWAPPED;
    }
    if name.alias {
        score *= ALIAS_FACTOR;
    }
    if pairs.is_empty() {
        score = f32::MIN;
    }
    NameScore { score, swapped }
}

/// "smith" as "Smith", for reasons shown to people.
fn title(token: &str) -> String {
    let mut chars = token.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn role_word(role: Role, name: &NameView) -> &'static str {
    match role {
        Role::Fore(0) => "forename",
        Role::Fore(_) => "middle name",
        Role::SurPart if name.sur.len() > 1 => "surname part",
        Role::SurPart | Role::SurJoined => "surname",
    }
}

fn describe(pair: &Pair, role: Role, name: &NameView, terms: &[Term], vocab: &Vocab) -> String {
    let role = role_word(role, name);
    let typed = title(&terms[pair.term].text);
    let found = title(vocab.text(pair.token));
    match pair.m.kind {
        Kind::Exact => format!("{role} exact"),
        Kind::Nickname => format!("{role} nickname {typed}→{found}"),
        Kind::Phonetic => format!("{role} sounds like {typed}~{found}"),
        Kind::Typo => format!("{role} spelling {typed}~{found}"),
        Kind::Initial => format!("{role} initial {}", typed.to_uppercase()),
    }
}

fn spoken(name: &NameView, vocab: &Vocab) -> String {
    let parts = if name.sur.len() > 1 { &name.sur[..name.sur.len() - 1] } else { name.sur };
    name.fore.iter().chain(parts.iter()).map(|&t| title(vocab.text(t))).collect::<Vec<_>>().join(" ")
}

/// The entry's best name against the query (its pairs left in the
/// workspace), and the date agreement.
struct Evaluation<'a> {
    name: NameView<'a>,
    swapped: bool,
    dob: Option<(f32, dob::Reason)>,
    total: f32,
}

fn evaluate<'a>(
    terms: &[Term],
    names: &'a [u32],
    entry_dob: Option<PartialDate>,
    query_dob: &QueryDob,
    today: NaiveDate,
    vocab: &Vocab,
    ws: &mut Workspace,
) -> Option<Evaluation<'a>> {
    let mut best: Option<(usize, f32)> = None;
    for (k, name) in decode(names).enumerate() {
        let s = score_name(terms, &name, vocab, ws).score;
        if s > f32::MIN && best.is_none_or(|(_, b)| s > b) {
            best = Some((k, s));
        }
    }
    let (k, _) = best?;
    let name = decode(names).nth(k)?;
    // Score the winner again so its pairs are the ones in the workspace.
    let scored = score_name(terms, &name, vocab, ws);
    let dob = dob::agreement(query_dob, entry_dob, today);
    let total = scored.score + dob.map_or(0.0, |d| d.0);
    Some(Evaluation { name, swapped: scored.swapped, dob, total })
}

/// The entry's score against the query; None when it falls below the bar.
pub(crate) fn score(
    terms: &[Term],
    names: &[u32],
    entry_dob: Option<PartialDate>,
    query_dob: &QueryDob,
    today: NaiveDate,
    vocab: &Vocab,
    ws: &mut Workspace,
) -> Option<f32> {
    evaluate(terms, names, entry_dob, query_dob, today, vocab, ws).map(|e| e.total).filter(|&t| t >= MIN_SCORE)
}

/// The reasons behind `score`, in short words; worked out only for hits shown.
pub(crate) fn explain(
    terms: &[Term],
    names: &[u32],
    entry_dob: Option<PartialDate>,
    query_dob: &QueryDob,
    today: NaiveDate,
    vocab: &Vocab,
) -> Vec<String> {
    let mut ws = Workspace::default();
    let Some(e) = evaluate(terms, names, entry_dob, query_dob, today, vocab, &mut ws) else {
        return Vec::new();
    };
    let mut why = Vec::new();
    if e.name.alias {
        why.push(format!("alias {}", spoken(&e.name, vocab)));
    }
    for p in &ws.pairs {
        why.push(describe(p, ws.tokens[p.slot].1, &e.name, terms, vocab));
    }
    if e.swapped {
        why.push("names swapped".into());
    }
    for (i, term) in terms.iter().enumerate() {
        if !ws.pairs.iter().any(|p| p.term == i) {
            why.push(format!("no match for {}", title(&term.text)));
        }
    }
    if let Some((_, reason)) = e.dob {
        why.push(reason.describe());
    }
    why
}
