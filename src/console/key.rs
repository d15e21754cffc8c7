//! Key notation in helix's style (`C-s`, `S-tab`, `esc`, `"g g"`): parsed
//! from keymap files, matched against terminal key events, and printed back
//! for the help screen.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press with its modifiers, normalised so that a shifted letter is
/// the capital letter alone (terminals disagree on reporting SHIFT with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub code: ChordCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The keys a binding can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChordCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

const NAMED: [(&str, ChordCode); 16] = [
    ("enter", ChordCode::Enter),
    ("ret", ChordCode::Enter),
    ("esc", ChordCode::Esc),
    ("tab", ChordCode::Tab),
    ("backspace", ChordCode::Backspace),
    ("del", ChordCode::Delete),
    ("ins", ChordCode::Insert),
    ("up", ChordCode::Up),
    ("down", ChordCode::Down),
    ("left", ChordCode::Left),
    ("right", ChordCode::Right),
    ("pageup", ChordCode::PageUp),
    ("pagedown", ChordCode::PageDown),
    ("home", ChordCode::Home),
    ("end", ChordCode::End),
    ("space", ChordCode::Char(' ')),
];

impl KeyChord {
    pub fn plain(code: ChordCode) -> Self {
        Self { code, ctrl: false, alt: false, shift: false }
    }

    pub fn char(c: char) -> Self {
        Self::plain(ChordCode::Char(c))
    }

    /// A key event from the terminal, or `None` for keys no binding can name.
    pub fn from_event(event: KeyEvent) -> Option<Self> {
        let mods = event.modifiers;
        let (code, shift) = match event.code {
            KeyCode::Char(c) => (ChordCode::Char(c), false),
            KeyCode::BackTab => (ChordCode::Tab, true),
            KeyCode::Enter => (ChordCode::Enter, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Esc => (ChordCode::Esc, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Tab => (ChordCode::Tab, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Backspace => (ChordCode::Backspace, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Delete => (ChordCode::Delete, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Insert => (ChordCode::Insert, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Up => (ChordCode::Up, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Down => (ChordCode::Down, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Left => (ChordCode::Left, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Right => (ChordCode::Right, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::PageUp => (ChordCode::PageUp, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::PageDown => (ChordCode::PageDown, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::Home => (ChordCode::Home, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::End => (ChordCode::End, mods.contains(KeyModifiers::SHIFT)),
            KeyCode::F(n) => (ChordCode::F(n), mods.contains(KeyModifiers::SHIFT)),
            _ => return None,
        };
        let mut chord =
            Self { code, ctrl: mods.contains(KeyModifiers::CONTROL), alt: mods.contains(KeyModifiers::ALT), shift };
        // Terminals report C-S-a as C-A or C-a with SHIFT; keep one form.
        if let ChordCode::Char(c) = chord.code {
            if chord.ctrl && mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                chord.code = ChordCode::Char(c.to_ascii_uppercase());
            }
        }
        Some(chord)
    }

    /// A printable character typed without Ctrl or Alt (text input).
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            ChordCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses one chord such as `C-s`, `S-tab`, `A-x`, `f5`, `G`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rest = text;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        while let Some((prefix, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break; // the key `-` itself, or `C--`
            }
            match prefix {
                "C" => ctrl = true,
                "A" | "M" => alt = true,
                "S" => shift = true,
                _ => return Err(format!("'{prefix}' is not a modifier (use C-, A- or S-)")),
            }
            rest = tail;
        }
        let lower = rest.to_ascii_lowercase();
        let mut code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
            *code
        } else if lower == "minus" {
            ChordCode::Char('-')
        } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(format!("'{rest}' is not a key: function keys are f1 to f12"));
            }
            ChordCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => ChordCode::Char(c),
                _ => return Err(format!("'{rest}' is not a key name")),
            }
        };
        if shift {
            if let ChordCode::Char(c) = code {
                if !c.is_ascii_alphabetic() {
                    return Err(format!("'{text}': write the shifted character itself"));
                }
                code = ChordCode::Char(c.to_ascii_uppercase());
                shift = false;
            }
        }
        Ok(Self { code, ctrl, alt, shift })
    }
}

/// The key sequence `text` with a mistyped key name put right, if one is
/// near a name there is (`C-escpe` → `C-esc`), for "did you mean".
pub fn nearest_key(text: &str) -> Option<String> {
    let mut changed = false;
    let mut chords = Vec::new();
    for chord in text.split_whitespace() {
        if KeyChord::parse(chord).is_ok() {
            chords.push(chord.to_string());
            continue;
        }
        let (mods, name) = match chord.rfind('-') {
            Some(i) if i + 1 < chord.len() => chord.split_at(i + 1),
            _ => ("", chord),
        };
        let mods = mods.replace("Ctrl-", "C-").replace("Alt-", "A-").replace("Shift-", "S-");
        let names = NAMED.iter().map(|(n, _)| *n).chain(["minus"]);
        let fixed = match KeyChord::parse(&format!("{mods}{name}")) {
            Ok(_) => name,
            Err(_) => super::config_error::closest(name, names)?,
        };
        chords.push(format!("{mods}{fixed}"));
        changed = true;
    }
    let fixed = chords.join(" ");
    (changed && parse_sequence(&fixed).is_ok()).then_some(fixed)
}

/// A key sequence: space-separated chords, such as `g g`.
pub fn parse_sequence(text: &str) -> Result<Vec<KeyChord>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("an empty key".to_string());
    }
    if trimmed == " " || text == " " {
        return Ok(vec![KeyChord::char(' ')]);
    }
    trimmed.split_whitespace().map(KeyChord::parse).collect()
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        if self.shift {
            f.write_str("S-")?;
        }
        match self.code {
            ChordCode::Char(' ') => f.write_str("space"),
            ChordCode::Char(c) => write!(f, "{c}"),
            ChordCode::F(n) => write!(f, "f{n}"),
            other => {
                let name = NAMED.iter().find(|(_, code)| *code == other).map(|(n, _)| *n).unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

pub fn sequence_to_string(keys: &[KeyChord]) -> String {
    keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips() {
        for text in ["C-s", "S-tab", "esc", "f5", "G", "?", "-", "C-A-x", "space", "pagedown"] {
            assert_eq!(KeyChord::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(KeyChord::parse("S-a").unwrap(), KeyChord::char('A'));
        assert_eq!(KeyChord::parse("ret").unwrap().to_string(), "enter");
        assert_eq!(parse_sequence("g g").unwrap().len(), 2);
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(KeyChord::parse("X-a").is_err());
        assert!(KeyChord::parse("escape").is_err());
        assert!(KeyChord::parse("f13").is_err());
        assert!(parse_sequence("").is_err());
    }

    #[test]
    fn terminal_events_match_parsed_chords() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(shifted), Some(KeyChord::parse("G").unwrap()));
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(back), Some(KeyChord::parse("S-tab").unwrap()));
        let ctrl = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(KeyChord::from_event(ctrl), Some(KeyChord::parse("C-c").unwrap()));
    }
}
