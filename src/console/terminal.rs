//! The terminal, restored on every way out: a normal return, an error (the
//! guard's Drop) and a panic (ratatui's hook, chained to any earlier one).

use ratatui::DefaultTerminal;

pub struct TerminalGuard;

impl TerminalGuard {
    pub fn enter() -> std::io::Result<(TerminalGuard, DefaultTerminal)> {
        let terminal = ratatui::try_init()?;
        Ok((TerminalGuard, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
