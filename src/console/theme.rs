//! Themes: a palette of named colours and semantic styles with dotted names
//! that fall back along the dots (`flag.wanted` → `flag` → plain). Built in
//! from `themes/*.toml`; a user file in the config dir wins.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use super::config_error::ConfigError;
use super::keymap::read_optional;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("colour-blind", include_str!("../../themes/colour-blind.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// The theme used when the user asks for none.
pub const DEFAULT: &str = "dark";
/// The theme `NO_COLOR` selects.
pub const NO_COLOR: &str = "mono";

/// The style names the panes draw with; any other name in a file is a typo.
pub const STYLE_NAMES: &[&str] = &[
    "base",
    "border",
    "border.focus",
    "title",
    "tab",
    "tab.active",
    "header",
    "selected",
    "changed",
    "alert",
    "warning",
    "ok",
    "flag",
    "flag.wanted",
    "flag.in_custody",
    "flag.missing",
    "flag.at_risk",
    "flag.on_bail",
    "marker",
    "stale",
    "match",
    "withheld",
    "dim",
    "input",
    "status",
    "status.live",
    "status.stale",
    "status.error",
    "hint",
    "key",
];

const MODIFIERS: [(&str, Modifier); 9] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("slow_blink", Modifier::SLOW_BLINK),
    ("rapid_blink", Modifier::RAPID_BLINK),
    ("reversed", Modifier::REVERSED),
    ("hidden", Modifier::HIDDEN),
    ("crossed_out", Modifier::CROSSED_OUT),
];

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub name: String,
    styles: HashMap<String, Style>,
}

impl Theme {
    /// The style for `name`, falling back along the dots.
    pub fn style(&self, name: &str) -> Style {
        let mut key = name;
        loop {
            if let Some(style) = self.styles.get(key) {
                return *style;
            }
            match key.rfind('.') {
                Some(dot) => key = &key[..dot],
                None => return Style::default(),
            }
        }
    }

    /// A theme that sets nothing (plain text).
    pub fn plain() -> Theme {
        Theme { name: "plain".into(), styles: HashMap::new() }
    }

    pub fn builtin(name: &str) -> Result<Theme, ConfigError> {
        Self::load(name, None)
    }

    /// The theme `name`: `themes/NAME.toml` in the config dir if there is
    /// one, else the built-in theme.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ConfigError> {
        let mut layers = Layers::default();
        layers.add_named(name, config_dir, None, 0, None)?;
        layers.resolve(name)
    }

    /// One file's text over what it inherits, for tests.
    pub fn from_text(file: &str, text: &str) -> Result<Theme, ConfigError> {
        let mut layers = Layers::default();
        layers.add(file, text, None, 0)?;
        layers.resolve(file)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    inherits: Option<Spanned<String>>,
    #[serde(default)]
    palette: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<Spanned<String>, Spanned<StyleSpec>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    #[serde(default)]
    modifiers: Vec<Spanned<String>>,
}

#[derive(Clone)]
struct Source {
    file: Arc<str>,
    text: Arc<str>,
}

impl Source {
    fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError::at(&self.file, &self.text, span, message)
    }
}

/// Palettes and styles merged over inheritance, resolved only at the end so
/// that a child's palette recolours its parent's styles.
#[derive(Default)]
struct Layers {
    palette: HashMap<String, (Spanned<String>, Source)>,
    styles: HashMap<String, (StyleSpec, Source)>,
}

fn find_source(
    name: &str,
    config_dir: Option<&Path>,
    skip_user: bool,
) -> Result<Option<(String, String)>, ConfigError> {
    if let (Some(dir), false) = (config_dir, skip_user) {
        let path = dir.join("themes").join(format!("{name}.toml"));
        if let Some(text) = read_optional(&path)? {
            return Ok(Some((path.display().to_string(), text)));
        }
    }
    Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(n, t)| (format!("themes/{n}.toml"), t.to_string())))
}

impl Layers {
    fn add_named(
        &mut self,
        name: &str,
        config_dir: Option<&Path>,
        from: Option<&str>,
        depth: usize,
        at: Option<(&Source, std::ops::Range<usize>)>,
    ) -> Result<(), ConfigError> {
        let fail = |message: String| match &at {
            Some((source, span)) => source.error(span.clone(), message),
            None => ConfigError::file("theme", message),
        };
        if depth > 8 {
            return Err(fail(format!("theme '{name}' inherits in a loop")));
        }
        // A user theme that inherits its own name extends the built-in one.
        let skip_user = from == Some(name);
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let (file, text) = find_source(name, config_dir, skip_user)?
            .ok_or_else(|| fail(format!("no theme named '{name}' (built in: {})", names.join(", "))))?;
        self.add(&file, &text, config_dir, depth)
    }

    fn add(&mut self, file: &str, text: &str, config_dir: Option<&Path>, depth: usize) -> Result<(), ConfigError> {
        let parsed: ThemeFile = toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        let source = Source { file: Arc::from(file), text: Arc::from(text) };
        if let Some(parent) = &parsed.inherits {
            let own_name = Path::new(file).file_stem().map(|s| s.to_string_lossy().to_string());
            self.add_named(
                parent.get_ref(),
                config_dir,
                own_name.as_deref(),
                depth + 1,
                Some((&source, parent.span())),
            )?;
        }
        for (name, value) in parsed.palette {
            self.palette.insert(name.get_ref().clone(), (value, source.clone()));
        }
        for (name, spec) in parsed.styles {
            if !STYLE_NAMES.contains(&name.get_ref().as_str()) {
                return Err(source.error(
                    name.span(),
                    format!("unknown style '{}' (styles are {})", name.get_ref(), STYLE_NAMES.join(", ")),
                ));
            }
            self.styles.insert(name.get_ref().clone(), (spec.into_inner(), source.clone()));
        }
        Ok(())
    }

    fn colour(&self, value: &Spanned<String>, source: &Source) -> Result<Color, ConfigError> {
        let text = value.get_ref().trim();
        let text = match self.palette.get(text) {
            Some((named, _)) => named.get_ref().trim(),
            None => text,
        };
        if text.starts_with('#') && (text.len() != 7 || !text[1..].chars().all(|c| c.is_ascii_hexdigit())) {
            return Err(source.error(value.span(), format!("'{text}' is not a colour: write #rrggbb")));
        }
        Color::from_str(text).map_err(|_| {
            source.error(
                value.span(),
                format!(
                    "'{}' is neither a palette name nor a colour (#rrggbb or a name such as light-red)",
                    value.get_ref()
                ),
            )
        })
    }

    fn resolve(self, name: &str) -> Result<Theme, ConfigError> {
        // A palette entry that is not a colour is an error even if unused.
        for (value, source) in self.palette.values() {
            if self.palette.contains_key(value.get_ref().trim()) {
                return Err(source.error(value.span(), "a palette colour must be a colour, not another palette name"));
            }
            self.colour(value, source)?;
        }
        let mut styles = HashMap::new();
        for (style_name, (spec, source)) in &self.styles {
            let mut style = Style::default();
            if let Some(fg) = &spec.fg {
                style = style.fg(self.colour(fg, source)?);
            }
            if let Some(bg) = &spec.bg {
                style = style.bg(self.colour(bg, source)?);
            }
            for modifier in &spec.modifiers {
                let found = MODIFIERS.iter().find(|(n, _)| *n == modifier.get_ref().as_str());
                let Some((_, m)) = found else {
                    let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
                    return Err(source.error(
                        modifier.span(),
                        format!("unknown modifier '{}' (modifiers are {})", modifier.get_ref(), names.join(", ")),
                    ));
                };
                style = style.add_modifier(*m);
            }
            styles.insert(style_name.clone(), style);
        }
        Ok(Theme { name: name.to_string(), styles })
    }
}

/// Which theme to use: `--theme`, then the config file's choice, then
/// `NO_COLOR`, then the default.
pub fn choose(flag: Option<&str>, config: Option<&str>, no_color: bool) -> String {
    flag.or(config).map(str::to_string).unwrap_or_else(|| if no_color { NO_COLOR } else { DEFAULT }.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_sets_the_alarm_styles() {
        for (name, _) in BUILTIN {
            let theme = Theme::builtin(name).unwrap_or_else(|e| panic!("{e}"));
            for style in ["alert", "warning", "flag.wanted", "selected", "stale"] {
                assert_ne!(theme.style(style), Style::default(), "{name} {style}");
            }
        }
    }

    #[test]
    fn styles_fall_back_along_the_dots_and_children_recolour() {
        let light = Theme::builtin("light").unwrap();
        assert_eq!(light.style("alert").fg, Some(Color::from_str("#c00000").unwrap()));
        let dark = Theme::builtin("dark").unwrap();
        assert_eq!(dark.style("flag.unknown"), dark.style("flag"));
        assert_eq!(dark.style("nothing.at.all"), Style::default());
    }

    #[test]
    fn mono_has_no_colour() {
        let mono = Theme::builtin("mono").unwrap();
        for name in STYLE_NAMES {
            assert_eq!(mono.style(name).fg, None);
            assert_eq!(mono.style(name).bg, None);
        }
    }

    #[test]
    fn the_choice_honours_flag_config_and_no_color() {
        assert_eq!(choose(Some("light"), Some("dark"), true), "light");
        assert_eq!(choose(None, Some("light"), true), "light");
        assert_eq!(choose(None, None, true), "mono");
        assert_eq!(choose(None, None, false), "dark");
    }

    #[test]
    fn a_user_theme_may_extend_the_builtin_of_its_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        std::fs::write(dir.path().join("themes/dark.toml"), "inherits = \"dark\"\n[palette]\nalarm = \"#ff0000\"\n")
            .unwrap();
        let theme = Theme::load("dark", Some(dir.path())).unwrap();
        assert_eq!(theme.style("alert").fg, Some(Color::Rgb(255, 0, 0)));
    }

    #[test]
    fn invalid_themes_give_their_exact_errors() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !(name.starts_with("theme_") && name.ends_with(".toml")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let error = Theme::from_text(&name, &text).unwrap_err();
            // BLESS=1 rewrites the expectations, to be reviewed in the diff.
            if std::env::var_os("BLESS").is_some() {
                std::fs::write(path.with_extension("expected"), format!("{error}\n")).unwrap();
            }
            let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
            assert_eq!(error.to_string(), expected.trim_end(), "{name}");
            checked += 1;
        }
        assert!(checked >= 3);
    }
}
