//! The terminal, restored on every way out: a normal return, an error (the
//! guard's Drop) and a panic (ratatui's hook, chained to any earlier one).

use ratatui::DefaultTerminal;

pub struct TerminalGuard;

impl TerminalGuard {
    pub fn enter() -> std::io::Result<(TerminalGuard, DefaultTerminal)> {
        // A half-done setup (raw mode on, no alternate screen) is undone.
        let terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
        Ok((TerminalGuard, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
