//! The real binary in a pseudo-terminal: the screen as a terminal would
//! show it, keys typed into it, and a clean quit.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

pub struct Terminal {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Terminal {
    pub fn contents(&self) -> String {
        self.screen.lock().map(|p| p.screen().contents()).unwrap_or_default()
    }

    /// Waits until the screen shows `text`; fails with the screen as it is.
    pub fn wait_for(&self, text: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen never showed {text:?}; it shows:\n{}", self.contents());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to terminal");
        self.writer.flush().expect("flush");
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
            std::thread::sleep(Duration::from_millis(15));
        }
    }
}

/// The real console in a pseudo-terminal, logged in and showing its first pane.
pub fn console_at_lookup(server: &str, token: &str, config_dir: &std::path::Path) -> Terminal {
    let pty = native_pty_system();
    let pair = pty.openpty(PtySize { rows: 40, cols: 140, pixel_width: 0, pixel_height: 0 }).expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_bluelamp"));
    cmd.args(["console", "--server", server]);
    cmd.env("BLUELAMP_TOKEN", token);
    cmd.env("BLUELAMP_CONFIG_DIR", config_dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("RUST_LOG", "off");
    let child = pair.slave.spawn_command(cmd).expect("spawn the console");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(40, 140, 0)));
    let feed = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = feed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    // Keep the master open for the life of the test.
    std::mem::forget(pair.master);
    let term = Terminal { screen, writer, child };
    term.wait_for("Lookup", Duration::from_secs(20));
    term
}

impl Terminal {
    /// Waits until `holds` is true of the screen; fails with the screen as it is.
    pub fn wait_until(&self, what: &str, within: Duration, holds: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if holds(&self.contents()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen never showed {what}; it shows:\n{}", self.contents());
    }

    /// Ctrl-C, and the console must end cleanly.
    pub fn quit(&mut self) {
        self.send(b"\x03");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "the console exited with {status:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the console did not quit on Ctrl-C");
    }
}
