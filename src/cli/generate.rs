//! `bluelamp completions SHELL` and `bluelamp man`: generated from the same
//! command definitions the binary parses, so they never drift.

use clap::CommandFactory;

use super::Cli;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "bluelamp", &mut std::io::stdout());
    Ok(())
}

pub fn man() -> anyhow::Result<()> {
    let man = clap_mangen::Man::new(Cli::command());
    man.render(&mut std::io::stdout())?;
    Ok(())
}
