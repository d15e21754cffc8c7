//! The `bluelamp` binary: parses the command line and hands over to `cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = bluelamp::cli::Cli::parse();
    bluelamp::cli::run(cli)
}
