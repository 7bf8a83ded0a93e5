//! A real browser for the dashboard tests: Debian's Chromium, headless, driven over WebDriver
//! by its `chromedriver` with plain HTTP requests (no client library needed).
//!
//! `.ci/install-chromium` installs both. Where they are missing, [`Browser::start`] says so
//! loudly and the test skips its browser part, except under CI (`CI=true`), where a missing
//! browser fails the test.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use uuid::Uuid;

/// The key under which WebDriver names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium's flags: headless, and never a request off this machine. Every host but loopback
/// resolves to nothing and goes through a proxy that does not exist; background services
/// (updates, sync, safe browsing, metrics) stay off.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
];

/// One headless Chromium session.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: PathBuf,
    http: reqwest::Client,
}

fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Browser {
    /// Starts `chromedriver` and a headless Chromium. `None` when they are not installed and
    /// this is not CI; under CI that fails the test instead.
    pub async fn start() -> Option<Self> {
        let (Some(chromium), Some(chromedriver)) = (find("chromium"), find("chromedriver")) else {
            let message = "chromium or chromedriver is not installed; \
                           run .ci/install-chromium (as root) to run the browser tests";
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{message}: CI always installs them"
            );
            eprintln!("\n!!!!!!!! SKIPPED the browser part of this test: {message} !!!!!!!!\n");
            return None;
        };
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--silent")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile =
            std::env::temp_dir().join(format!("penguin-chromium-{}", Uuid::new_v4().simple()));
        let mut browser = Self {
            driver,
            port,
            session: String::new(),
            profile,
            http: reqwest::Client::new(),
        };
        browser.wait_until_ready().await;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", browser.profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let created = browser.command("POST", "/session", capabilities).await;
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver made no session: {created}"))
            .to_owned();
        Some(browser)
    }

    async fn wait_until_ready(&self) {
        let started = Instant::now();
        let status = format!("http://127.0.0.1:{}/status", self.port);
        loop {
            if let Ok(response) = self.http.get(&status).send().await
                && let Ok(body) = response.json::<Value>().await
                && body["value"]["ready"] == true
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends one WebDriver command and returns its `value`, failing the test on an error.
    async fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method.clone(), url);
        if method != reqwest::Method::GET {
            request = request.json(&body);
        }
        let response = request.send().await.expect("chromedriver answers");
        let status = response.status();
        let reply: Value = response.json().await.expect("chromedriver answers JSON");
        assert!(status.is_success(), "WebDriver {path}: {status} {reply}");
        reply["value"].clone()
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens a page and waits for it to load.
    pub async fn goto(&self, url: &str) {
        self.command("POST", &self.session_path("/url"), json!({"url": url}))
            .await;
    }

    pub async fn url(&self) -> String {
        let value = self
            .command("GET", &self.session_path("/url"), Value::Null)
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// The page's DOM as HTML, as it is now (after its scripts ran).
    pub async fn source(&self) -> String {
        let value = self
            .command("GET", &self.session_path("/source"), Value::Null)
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until the DOM satisfies `done`, or fails after `seconds` showing the DOM.
    pub async fn wait_for(&self, seconds: u64, what: &str, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let source = self.source().await;
            if done(&source) {
                return source;
            }
            assert!(
                started.elapsed() < Duration::from_secs(seconds),
                "gave up after {seconds} s waiting for {what}; the page is:\n{source}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn element(&self, css: &str) -> String {
        let found = self
            .command(
                "POST",
                &self.session_path("/element"),
                json!({"using": "css selector", "value": css}),
            )
            .await;
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    /// Types `text` into the element `css` selects.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        let path = self.session_path(&format!("/element/{element}/value"));
        self.command("POST", &path, json!({"text": text})).await;
    }

    /// Clicks the element `css` selects.
    pub async fn click(&self, css: &str) {
        let element = self.element(css).await;
        let path = self.session_path(&format!("/element/{element}/click"));
        self.command("POST", &path, json!({})).await;
    }

    /// The browser's cookies for the current page.
    pub async fn cookies(&self) -> Vec<Value> {
        let value = self
            .command("GET", &self.session_path("/cookie"), Value::Null)
            .await;
        value.as_array().cloned().unwrap_or_default()
    }

    /// Saves a PNG of the window, for a person to look at.
    pub async fn screenshot(&self, path: &Path) {
        use base64::Engine as _;
        let value = self
            .command("GET", &self.session_path("/screenshot"), Value::Null)
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap_or_default())
            .expect("a base64 screenshot");
        std::fs::write(path, png).expect("write the screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; a blocking request, as drop cannot wait.
        if !self.session.is_empty()
            && let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port))
        {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.session, self.port
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
