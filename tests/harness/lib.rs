//! The end-to-end test harness: the real `penguind` and `penguin` binaries against the real
//! PostgreSQL and Redis, with a fresh database and a private Redis namespace per test and the
//! daemon on port 0. Set `TEST_LOG=1` to see the daemon's log.

pub mod browser;

pub use browser::Browser;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use uuid::Uuid;

/// The server's PostgreSQL, where each test gets its own database.
pub const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";
pub const REDIS: &str = "redis://127.0.0.1:6379";
/// A fixed key for tests; the development key file is never touched by them.
pub const SECRET_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A built binary of the workspace (`penguind` or `penguin`).
pub fn binary(name: &str) -> PathBuf {
    let path = binary_dir().join(name);
    assert!(
        path.exists(),
        "{} is not built; run the tests with `cargo test --workspace`",
        path.display()
    );
    path
}

/// Runs one SQL statement (or psql command) with `psql` and returns its unaligned output.
pub fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-Atc", sql])
        .output()
        .expect("psql");
    String::from_utf8(out.stdout)
        .expect("psql prints UTF-8")
        .trim()
        .to_owned()
}

/// The `id` field of a JSON object.
pub fn id(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

/// A database of its own for one test, dropped at the end.
#[derive(Debug)]
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    /// A name only; the daemon (or the CLI) creates the database on first start.
    pub fn new() -> Self {
        Self {
            name: format!("penguin_test_{}", Uuid::new_v4().simple()),
        }
    }

    pub fn url(&self) -> String {
        format!("{POSTGRES}/{}", self.name)
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        let _ = Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qc",
                &statement,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The environment both binaries get for one test.
#[derive(Debug, Clone)]
pub struct Env {
    pub vars: Vec<(String, String)>,
}

impl Env {
    pub fn for_db(db: &TestDb) -> Self {
        let namespace = format!("test-{}", Uuid::new_v4().simple());
        let vars = [
            ("PENGUIN_DATABASE_URL", db.url()),
            ("PENGUIN_REDIS_URL", REDIS.to_owned()),
            ("PENGUIN_REDIS_NAMESPACE", namespace),
            ("PENGUIN_LISTEN", "127.0.0.1:0".to_owned()),
            ("PENGUIN_ADMIN_LISTEN", "127.0.0.1:0".to_owned()),
            ("PENGUIN_SECRET_KEY", SECRET_KEY.to_owned()),
            ("RUST_LOG", "info,penguin_daemon=debug".to_owned()),
        ];
        Self {
            vars: vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }

    /// The value of a variable, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.retain(|(k, _)| k != name);
        self.vars.push((name.to_owned(), value.to_owned()));
    }

    fn apply(&self, command: &mut Command) {
        command.env_clear();
        for name in ["PATH", "HOME", "USER"] {
            if let Ok(value) = std::env::var(name) {
                command.env(name, value);
            }
        }
        command.envs(self.vars.iter().map(|(k, v)| (k, v)));
    }
}

/// Runs `penguin` with `args` in `env` and returns its output.
pub fn penguin(env: &Env, args: &[&str]) -> Output {
    let mut command = Command::new(binary("penguin"));
    env.apply(&mut command);
    command
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run penguin")
}

/// Runs `penguin ... -o json` and parses its single JSON value, failing the test on error.
pub fn penguin_json(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    let output = penguin(env, &all);
    assert!(
        output.status.success(),
        "penguin {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("penguin -o json prints one JSON value")
}

/// A running daemon with its own database and Redis namespace.
#[derive(Debug)]
pub struct Daemon {
    child: Child,
    pub env: Env,
    /// `http://127.0.0.1:PORT`
    pub api: String,
    pub admin: String,
    pub http: reqwest::Client,
    log: Arc<Mutex<Vec<String>>>,
    // Declared last: dropped after the daemon is stopped. Replicas share another's database.
    db: Option<TestDb>,
}

impl Daemon {
    pub async fn start() -> Self {
        let db = TestDb::new();
        let env = Env::for_db(&db);
        Self::start_with(db, env).await
    }

    pub async fn start_with(db: TestDb, env: Env) -> Self {
        let mut daemon = Self::spawn(env).await;
        daemon.db = Some(db);
        daemon
    }

    /// A second daemon on the same database and Redis namespace, as a replica would run.
    pub async fn replica(&self) -> Self {
        Self::spawn(self.env.clone()).await
    }

    /// Kills the process with SIGKILL: no drain, no cleanup, as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the daemon again on the same database and namespace (new ports).
    pub async fn restart(&mut self) {
        let fresh = Self::spawn(self.env.clone()).await;
        let old = std::mem::replace(self, fresh);
        self.db = old.into_db();
    }

    fn into_db(mut self) -> Option<TestDb> {
        self.kill();
        self.db.take()
    }

    async fn spawn(env: Env) -> Self {
        let mut command = Command::new(binary("penguind"));
        env.apply(&mut command);
        command
            .args(["--log-format", "json"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start penguind");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready, addresses) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = log.clone();
        std::thread::spawn(move || {
            let echo = std::env::var_os("TEST_LOG").is_some();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if echo {
                    eprintln!("[penguind] {line}");
                }
                if let Ok(event) = serde_json::from_str::<Value>(&line)
                    && event["message"] == "listening"
                {
                    let api = event["api"].as_str().unwrap_or_default().to_owned();
                    let admin = event["admin"].as_str().unwrap_or_default().to_owned();
                    let _ = ready.send((api, admin));
                }
                lines.lock().expect("log lock").push(line);
            }
        });
        let Ok((api, admin)) = addresses.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let log = log.lock().expect("log lock").join("\n");
            panic!("penguind did not start listening:\n{log}");
        };
        Self {
            child,
            env,
            api: format!("http://{api}"),
            admin: format!("http://{admin}"),
            http: reqwest::Client::new(),
            log,
            db: None,
        }
    }

    /// `api` + path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    /// Runs the CLI against this daemon's database and Redis.
    pub fn penguin(&self, args: &[&str]) -> Output {
        penguin(&self.env, args)
    }

    pub fn penguin_json(&self, args: &[&str]) -> Value {
        penguin_json(&self.env, args)
    }

    /// A platform key with `role` (admin or operator), made with the CLI.
    pub fn platform_key(&self, role: &str) -> String {
        let created = self.penguin_json(&[
            "admin",
            "keys",
            "create",
            "--platform",
            "--role",
            role,
            "--name",
            "test",
        ]);
        created["key"].as_str().expect("key").to_owned()
    }

    /// Creates a tenant with the CLI and a key of `role` for it; returns (tenant id, key).
    pub fn tenant_with_key(&self, name: &str, role: &str) -> (String, String) {
        let tenant = self.penguin_json(&["tenant", "create", "--name", name]);
        let id = tenant["id"].as_str().expect("id").to_owned();
        let key = self.penguin_json(&["admin", "keys", "create", "--tenant", &id, "--role", role]);
        (id, key["key"].as_str().expect("key").to_owned())
    }

    /// Sends a request and returns the status and JSON body (null when empty).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, self.url(path));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    /// Sends SIGTERM and waits (bounded) for the exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "penguind did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything the daemon logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The daemon that owns the database also owns the Redis namespace: leave nothing behind.
        if self.db.is_some()
            && let Some(namespace) = self.env.get("PENGUIN_REDIS_NAMESPACE")
        {
            let script = format!(
                "redis-cli --scan --pattern '{namespace}.*' | xargs -r -n 500 redis-cli del"
            );
            let _ = Command::new("sh")
                .args(["-c", &script])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A real SMTP server on loopback (`tests/smtp/server.py`, on aiosmtpd) that stores what it
/// accepts, with optional faults.
#[derive(Debug)]
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub raw: String,
}

impl Received {
    /// The decoded HTML part, if the message has one.
    pub fn html(&self) -> Option<String> {
        let message = mail_parser::MessageParser::default().parse(self.raw.as_bytes())?;
        message.body_html(0).map(std::borrow::Cow::into_owned)
    }

    /// The first value of a header (unfolded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_owned());
            }
        }
        value
    }
}

/// A `PYTHONPATH` with aiosmtpd: the system's, or a private copy installed from PyPI into the
/// target directory on first use, so the tests need nothing installed beforehand.
fn python_path() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let has = |path: &str| {
            Command::new("python3")
                .args(["-c", "import aiosmtpd"])
                .env("PYTHONPATH", path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let private = binary_dir().join("pydeps").display().to_string();
        for candidate in [
            std::env::var("PYTHONPATH").unwrap_or_default(),
            private.clone(),
        ] {
            if has(&candidate) {
                return candidate;
            }
        }
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&private)
            .arg("aiosmtpd")
            .status()
            .expect("run pip");
        assert!(
            status.success() && has(&private),
            "could not install aiosmtpd from PyPI"
        );
        private
    })
}

/// Where cargo put the binaries: test binaries live one level down, in `deps/`.
fn binary_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("own binary path");
    let dir = exe.parent().expect("a binary lives in a directory");
    if dir.ends_with("deps") {
        dir.parent().expect("target directory").to_owned()
    } else {
        dir.to_owned()
    }
}

impl SmtpSink {
    /// Starts the server with extra arguments (`--defer 1`, `--reject text`, ...).
    pub fn start(args: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("penguin-sink-{}", Uuid::new_v4().simple()));
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("smtp/server.py");
        let mut child = Command::new("python3")
            .env("PYTHONPATH", python_path())
            .arg(script)
            .arg("--dir")
            .arg(&dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server (python3 with aiosmtpd; .ci/run installs it)");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the SMTP server's port");
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}"));
        Self { child, port, dir }
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        let Ok(index) = std::fs::read_to_string(self.dir.join("index.jsonl")) else {
            return Vec::new();
        };
        index
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .map(|entry| Received {
                from: entry["from"].as_str().unwrap_or_default().to_owned(),
                to: entry["to"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
                raw: std::fs::read_to_string(
                    self.dir.join(entry["file"].as_str().unwrap_or_default()),
                )
                .unwrap_or_default(),
            })
            .collect()
    }

    /// Waits until `done` holds for the messages, or fails after `seconds`.
    pub async fn wait_for(
        &self,
        seconds: u64,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if done(&messages) {
                return messages;
            }
            assert!(
                started.elapsed() < Duration::from_secs(seconds),
                "gave up waiting after {seconds} s with {} messages received",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A Redis server of the test's own (Debian's `redis-server`), on a free loopback port, that
/// the test may stop and start again; it keeps nothing on disk, as a restarted cache would.
#[derive(Debug)]
pub struct PrivateRedis {
    child: Option<Child>,
    pub port: u16,
}

impl PrivateRedis {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut redis = Self { child: None, port };
        redis.resume();
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server (SIGKILL): every connection drops and every key is lost.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and waits until it answers.
    pub fn resume(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--port", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}
