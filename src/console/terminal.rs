//! The terminal, restored on every way out: a normal return, an error (the
//! guard's Drop) and a panic (ratatui's hook, chained to any earlier one).

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    mouse: bool,
}

impl TerminalGuard {
    /// The console's terminal, taking the mouse's reports when `mouse`.
    pub fn enter(mouse: bool) -> std::io::Result<(TerminalGuard, DefaultTerminal)> {
        // A half-done setup (raw mode on, no alternate screen) is undone.
        let terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
        let guard = TerminalGuard { mouse };
        if mouse {
            crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
        }
        Ok((guard, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.mouse {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        }
        ratatui::restore();
    }
}
