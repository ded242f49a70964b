//! `normwijzer serve …` as a real process on a project copy, for the tests that signal it:
//! file watching off (`NORMWIJZER_WATCH=off`), so only SIGHUP reloads; index in memory; its
//! log kept in a file to show when a test fails. Dropping it sends SIGTERM, then kills.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `normwijzer` service.
pub struct Service {
    child: Child,
    log: tempfile::NamedTempFile,
}

impl Service {
    /// Starts `normwijzer --home <home> --in-memory <args>` with `env` added.
    pub fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Service {
        let log = tempfile::NamedTempFile::new().expect("log file");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_normwijzer"));
        cmd.env_remove("NORMWIJZER_HOME")
            .env_remove("TEAMS_HMAC_SECRET")
            .env_remove("DISCORD_PUBLIC_KEY")
            .env_remove("NORMWIJZER_ADMIN_TOKEN")
            .env("NORMWIJZER_WATCH", "off")
            .env("NORMWIJZER_LOG", "info")
            .arg("--home")
            .arg(home)
            .arg("--in-memory")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("log file"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("normwijzer starts");
        Service { child, log }
    }

    /// Sends `signal` (`HUP`, `TERM`) with the shell's `kill`.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("sh")
            .args(["-c", "kill -s \"$1\" \"$2\"", "sh", signal])
            .arg(self.child.id().to_string())
            .status()
            .expect("sh runs");
        assert!(status.success(), "kill -s {signal}");
    }

    /// What the service logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if self.running() {
            self.signal("TERM");
            let until = Instant::now() + Duration::from_secs(10);
            while self.running() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on 127.0.0.1 (bound and released: another process could take it first, which
/// the caller sees as a service that does not start).
pub fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").to_string()
}
