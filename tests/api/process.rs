//! The real binary as a child process: `procura serve` with a config file, stopped with
//! a signal, its log captured.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Process {
    pub child: Child,
    pub url: String,
    /// Where the process's stderr goes (a file: a pipe nobody reads could fill and stall it).
    log: tempfile::NamedTempFile,
}

impl Process {
    /// Sends SIGTERM, waits, and returns what the process logged.
    pub fn stop(mut self) -> String {
        signal(&self.child, "TERM");
        let _ = self.child.wait();
        self.log_text()
    }

    /// What the process has logged so far.
    pub fn log_text(&mut self) -> String {
        let mut log = String::new();
        let _ = std::fs::File::open(self.log.path()).and_then(|mut f| f.read_to_string(&mut log));
        log
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        crate::common::append_to_capture(self.log_text().as_bytes());
    }
}

pub fn signal(child: &Child, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status();
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `procura serve --config <config>` listening on `port` and waits until it answers.
pub async fn serve(config: &Path, port: u16, log_format: &str, env: &[(&str, &str)]) -> Process {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_procura"));
    cmd.args(["--log-format", log_format, "serve", "--config"])
        .arg(config)
        .env(
            "RUST_LOG",
            "trace,hyper=info,h2=info,reqwest=debug,rustls=info",
        )
        .stdout(Stdio::null());
    let log = tempfile::NamedTempFile::new().unwrap();
    cmd.stderr(log.reopen().unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    let process = Process {
        child,
        url: format!("http://127.0.0.1:{port}"),
        log,
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if http
            .get(format!("{}/healthz", process.url))
            .send()
            .await
            .is_ok()
        {
            return process;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("procura serve did not come up");
}
