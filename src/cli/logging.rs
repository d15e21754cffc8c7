//! Logs go to stderr, filtered by `RUST_LOG` (default: info for Bluelamp).
//! While the console owns the terminal they go to a file in the user's data
//! dir instead, so a log line never tears the screen.

use std::io::IsTerminal;
use std::sync::Mutex;

pub fn init(terminal_ui: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("bluelamp=info,warn"));
    if terminal_ui {
        let file = directories::ProjectDirs::from("", "", "bluelamp").and_then(|d| {
            std::fs::create_dir_all(d.data_dir()).ok()?;
            std::fs::OpenOptions::new().create(true).append(true).open(d.data_dir().join("bluelamp.log")).ok()
        });
        if let Some(file) = file {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(Mutex::new(file))
                .try_init();
        }
        return;
    }
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr).try_init();
}
