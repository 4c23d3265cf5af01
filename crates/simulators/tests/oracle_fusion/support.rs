//! What every Oracle sandbox test shares: clients, replies, the shared sandbox and
//! small readers of answers.

pub(crate) use std::sync::OnceLock;
pub(crate) use std::time::Duration;

pub(crate) use procura_simulators::oracle_fusion::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USER, Fault, FlexContext,
    Flexfield, FusionUser, OracleFusionConfig, OracleFusionControl, OracleFusionSandbox, Segment,
    SegmentKind, Unordered,
};
pub(crate) use reqwest::StatusCode;
pub(crate) use reqwest::header::HeaderMap;
pub(crate) use serde_json::{Value, json};

/// A client of one sandbox.
#[derive(Clone)]
pub(crate) struct Api {
    pub(crate) base: String,
    pub(crate) http: reqwest::Client,
    /// The framework version sent (`None`: no header).
    pub(crate) version: Option<u8>,
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) text: String,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.text[..self.text.len().min(400)])
        })
    }

    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Api {
    pub(crate) fn new(base: String) -> Api {
        Api {
            base,
            http: reqwest::Client::new(),
            version: Some(4),
        }
    }

    pub(crate) fn v(&self, version: Option<u8>) -> Api {
        Api {
            version,
            ..self.clone()
        }
    }

    pub(crate) fn fscm(&self, path: &str) -> String {
        format!("{}/fscmRestApi/resources/11.13.18.05/{path}", self.base)
    }

    pub(crate) fn hcm(&self, path: &str) -> String {
        format!("{}/hcmRestApi/resources/11.13.18.05/{path}", self.base)
    }

    pub(crate) fn req(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let r = self
            .http
            .request(method, url)
            .basic_auth(DEFAULT_USER, Some(DEFAULT_PASSWORD));
        match self.version {
            Some(v) => r.header("REST-Framework-Version", v.to_string()),
            None => r,
        }
    }

    pub(crate) async fn send(&self, rb: reqwest::RequestBuilder) -> Reply {
        let r = rb.send().await.expect("the sandbox answers");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("a body");
        Reply {
            status,
            headers,
            text,
        }
    }

    pub(crate) async fn get(&self, url: &str) -> Reply {
        self.send(self.req(reqwest::Method::GET, url)).await
    }

    /// GET that must answer 200 with JSON.
    pub(crate) async fn ok(&self, url: &str) -> Value {
        let r = self.get(url).await;
        assert_eq!(r.status, StatusCode::OK, "GET {url}: {}", r.text);
        r.json()
    }

    pub(crate) async fn post(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::POST, url)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .body(body.to_string()),
        )
        .await
    }

    pub(crate) async fn action(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::POST, url)
                .header("Content-Type", "application/vnd.oracle.adf.action+json")
                .body(body.to_string()),
        )
        .await
    }

    pub(crate) async fn patch(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::PATCH, url)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .body(body.to_string()),
        )
        .await
    }
}

pub(crate) fn loopback() -> OracleFusionConfig {
    OracleFusionConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..OracleFusionConfig::default()
    }
}

/// The sandbox read-only tests share: default data, on a runtime of its own.
pub(crate) fn shared() -> Api {
    static BASE: OnceLock<String> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let sb = OracleFusionSandbox::start(loopback()).await.unwrap();
                tx.send(sb.base_url()).unwrap();
                std::future::pending::<()>().await;
            });
        });
        rx.recv().unwrap()
    });
    Api::new(base.clone())
}

/// A sandbox of its own, with fewer rows unless the test says otherwise.
pub(crate) async fn own(
    tweak: impl FnOnce(&mut OracleFusionConfig),
) -> (OracleFusionSandbox, Api, OracleFusionControl) {
    let mut cfg = OracleFusionConfig {
        purchase_orders: 200,
        ..loopback()
    };
    tweak(&mut cfg);
    let sb = OracleFusionSandbox::start(cfg).await.unwrap();
    let api = Api::new(sb.base_url());
    let control = sb.control();
    (sb, api, control)
}

pub(crate) fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("an items array")
}

pub(crate) fn links_of(item: &Value) -> Vec<(String, String)> {
    item["links"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    (
                        l["rel"].as_str().unwrap().to_string(),
                        l["href"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn self_href(item: &Value) -> String {
    links_of(item)
        .into_iter()
        .find(|(rel, _)| rel == "self")
        .map(|(_, h)| h)
        .expect("a self link")
}

/// The documented `…UniqID` encoding of (int64, int32).
pub(crate) fn hash_long_int(a: i64, b: i32) -> String {
    format!("00020000000EACED00057708{a:016X}0000000AACED00057704{b:08X}")
}

pub(crate) fn enc(s: &str) -> String {
    url_encode(s)
}

pub(crate) fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
