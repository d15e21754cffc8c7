//! `bluelamp login`: exchanges a password for a token and saves it, readable
//! by the user alone, for later commands.

use std::io::{BufRead, IsTerminal};

use clap::Args;

use super::config::Settings;
use super::failure::CliError;
use crate::api::LoginRequest;
use crate::client::credentials;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The user to log in as.
    #[arg(long)]
    pub user: String,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

/// The first line of standard input, without its line ending.
pub fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

pub async fn run(args: LoginArgs, settings: &Settings) -> anyhow::Result<()> {
    let server = settings
        .server
        .value
        .as_deref()
        .ok_or_else(|| CliError::Usage("no server: pass --server URL or set BLUELAMP_SERVER".into()))?;
    let password = if args.password_stdin {
        read_password_line()?
    } else if std::io::stdin().is_terminal() {
        prompt_hidden(&format!("Password for {} at {server}: ", args.user))?
    } else {
        // Never prompt when nobody is there to answer.
        return Err(CliError::Usage("standard input is not a terminal: pass --password-stdin".into()).into());
    };
    let client = settings.client(server)?;
    let reply = client.login(&LoginRequest { username: args.user.clone(), password }).await?;
    let saved = credentials::Credentials {
        server: client.server().to_string(),
        username: reply.username.clone(),
        token: reply.token,
        expires_at: reply.expires_at,
    };
    let path = credentials::save(&saved)?;
    eprintln!(
        "logged in to {} as {} until {}; token saved in {}",
        saved.server,
        saved.username,
        super::rows::rfc3339(saved.expires_at),
        path.display()
    );
    Ok(())
}

/// Ends the saved login's session on its server and forgets the login;
/// succeeds when there was none. A server out of reach is warned of and
/// the login forgotten all the same: its session then ends by itself at
/// the server's idle timeout.
pub async fn logout(settings: &Settings) -> anyhow::Result<()> {
    if let Some(saved) = credentials::load().ok().flatten() {
        let client = settings.client(&saved.server)?.with_token(saved.token);
        match client.logout().await {
            // Already over (expired, idle, revoked): nothing left to end.
            Err(e) if !e.is_unauthenticated() => {
                eprintln!("warning: {} did not end the session ({e}); it ends at its idle timeout", saved.server)
            }
            _ => {}
        }
    }
    credentials::remove()?;
    eprintln!("logged out");
    Ok(())
}

/// Reads a line from the terminal without echoing it.
fn prompt_hidden(prompt: &str) -> anyhow::Result<String> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    eprint!("{prompt}");
    crossterm::terminal::enable_raw_mode()?;
    let mut password = String::new();
    let outcome = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(anyhow::anyhow!("cancelled"))
                }
                KeyCode::Char(c) => password.push(c),
                KeyCode::Backspace => {
                    password.pop();
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e.into()),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    outcome.map(|()| password)
}
