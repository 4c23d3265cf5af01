//! Shared state in Redis, for several replicas: tokens (encrypted, minted under a fenced
//! lock), rate-budget counters per window, and idempotency records (their response
//! bodies encrypted).
//!
//! Every key of a tenant carries the hash tag `{tenant}`, so each script touches one
//! cluster slot (Redis Cluster and Valkey place them together). Every call has a short
//! deadline; callers treat an error as "Redis is away" and go on with local state.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use serde::{Deserialize, Serialize};

use super::seal::Sealer;
use crate::config::Secret;

/// How long one Redis call may take before the gateway goes on without it.
const CALL_DEADLINE: Duration = Duration::from_millis(300);

pub use super::StateError;

/// A token as stored: the bearer value encrypted, its clock in unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedToken {
    pub value: Secret,
    pub issued_ms: u64,
    pub expires_ms: u64,
    pub fence: u64,
}

#[derive(Serialize, Deserialize)]
struct StoredToken {
    v: String,
    i: u64,
    e: u64,
    f: u64,
}

/// An idempotency record as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdemRecord {
    /// Request fingerprint (hex).
    pub fp: String,
    /// Who runs it, while it runs.
    pub owner: String,
    pub done: bool,
    pub status: u16,
    pub content_type: String,
    /// Response body, base64 (encrypted at rest: Redis holds it sealed).
    pub body: String,
}

/// A connection to the shared store.
#[derive(Clone)]
pub struct Redis {
    conn: ConnectionManager,
    sealer: Sealer,
    up: Arc<AtomicBool>,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis").field("up", &self.is_up()).finish()
    }
}

impl Redis {
    /// Connects lazily: a Redis that is down at start-up is no reason not to serve.
    pub fn connect(url: &Secret, key: &Secret) -> Result<Redis, StateError> {
        let client = redis::Client::open(url.expose())
            .map_err(|e| StateError::Redis(format!("{:?}", e.kind())))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(CALL_DEADLINE))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(2));
        let conn = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| StateError::Redis(format!("{:?}", e.kind())))?;
        let sealer = Sealer::from_hex(key)?;
        Ok(Redis {
            conn,
            sealer,
            up: Arc::new(AtomicBool::new(true)),
        })
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    /// Runs one Redis interaction under the deadline, and keeps track of whether Redis
    /// answers (logging once when it goes away and once when it is back).
    async fn call<T, F>(&self, f: F) -> Result<T, StateError>
    where
        F: Future<Output = redis::RedisResult<T>>,
    {
        let result = match tokio::time::timeout(CALL_DEADLINE, f).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(StateError::Redis(format!("{:?}", e.kind()))),
            Err(_) => Err(StateError::Timeout),
        };
        let ok = result.is_ok();
        let was = self.up.swap(ok, Ordering::Relaxed);
        if was && !ok {
            tracing::error!(
                "shared state (Redis) unreachable; serving on local state until it returns"
            );
        } else if !was && ok {
            tracing::info!("shared state (Redis) reachable again");
        }
        result
    }

    fn seal(&self, plain: &str) -> String {
        STANDARD.encode(self.sealer.seal(plain.as_bytes()))
    }

    fn open(&self, sealed: &str) -> Option<String> {
        let raw = STANDARD.decode(sealed).ok()?;
        String::from_utf8(self.sealer.open(&raw).ok()?).ok()
    }

    // ---- tokens --------------------------------------------------------------------

    fn token_key(tenant: &str) -> String {
        format!("procura:{{{tenant}}}:token")
    }

    fn lock_key(tenant: &str) -> String {
        format!("procura:{{{tenant}}}:token-lock")
    }

    fn fence_key(tenant: &str) -> String {
        format!("procura:{{{tenant}}}:token-fence")
    }

    pub async fn token(&self, tenant: &str) -> Result<Option<SharedToken>, StateError> {
        let mut c = self.conn.clone();
        let raw: Option<String> = self.call(c.get(Self::token_key(tenant))).await?;
        let Some(raw) = raw else { return Ok(None) };
        let stored: StoredToken = serde_json::from_str(&raw).map_err(|_| StateError::Corrupt)?;
        let value = self.open(&stored.v).ok_or(StateError::Corrupt)?;
        Ok(Some(SharedToken {
            value: Secret::new(value),
            issued_ms: stored.i,
            expires_ms: stored.e,
            fence: stored.f,
        }))
    }

    /// Takes the mint lock for `ttl`; returns the lock value and a fencing number when won.
    pub async fn lock_mint(
        &self,
        tenant: &str,
        ttl: Duration,
    ) -> Result<Option<(String, u64)>, StateError> {
        let value = format!("{:032x}", rand::random::<u128>());
        let mut c = self.conn.clone();
        let won: Option<String> = self
            .call(
                redis::cmd("SET")
                    .arg(Self::lock_key(tenant))
                    .arg(&value)
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl.as_millis() as u64)
                    .query_async(&mut c),
            )
            .await?;
        if won.is_none() {
            return Ok(None);
        }
        let fence: u64 = self.call(c.incr(Self::fence_key(tenant), 1)).await?;
        Ok(Some((value, fence)))
    }

    /// Stores a token, unless a holder with a later fence already stored one.
    pub async fn put_token(&self, tenant: &str, token: &SharedToken) -> Result<bool, StateError> {
        let stored = StoredToken {
            v: self.seal(token.value.expose()),
            i: token.issued_ms,
            e: token.expires_ms,
            f: token.fence,
        };
        let json = serde_json::to_string(&stored).map_err(|_| StateError::Corrupt)?;
        let ttl = token
            .expires_ms
            .saturating_sub(crate::clock::unix_ms())
            .max(1);
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local ok, obj = pcall(cjson.decode, cur)
              if ok and obj.f and tonumber(obj.f) > tonumber(ARGV[2]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1",
        );
        let mut c = self.conn.clone();
        let n: i64 = self
            .call(
                script
                    .key(Self::token_key(tenant))
                    .arg(json)
                    .arg(token.fence)
                    .arg(ttl)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(n == 1)
    }

    pub async fn unlock_mint(&self, tenant: &str, value: &str) -> Result<(), StateError> {
        let script = Script::new(
            r"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        );
        let mut c = self.conn.clone();
        let _: i64 = self
            .call(
                script
                    .key(Self::lock_key(tenant))
                    .arg(value)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(())
    }

    /// Deletes the stored token if it is the one Coupa refused.
    pub async fn drop_token(&self, tenant: &str, fence: u64) -> Result<(), StateError> {
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if not cur then return 0 end
            local ok, obj = pcall(cjson.decode, cur)
            if ok and tonumber(obj.f) == tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
            return 0",
        );
        let mut c = self.conn.clone();
        let _: i64 = self
            .call(
                script
                    .key(Self::token_key(tenant))
                    .arg(fence)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(())
    }

    // ---- rate budget ---------------------------------------------------------------

    fn budget_key(tenant: &str, window: u64) -> String {
        format!("procura:{{{tenant}}}:calls:{window}")
    }

    fn learned_key(tenant: &str) -> String {
        format!("procura:{{{tenant}}}:learned")
    }

    fn blocked_key(tenant: &str) -> String {
        format!("procura:{{{tenant}}}:blocked")
    }

    /// Counts a call in window `window` (the window's index since the epoch).
    pub async fn count_call(
        &self,
        tenant: &str,
        window: u64,
        window_ms: u64,
    ) -> Result<u64, StateError> {
        let script = Script::new(
            r"local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n",
        );
        let mut c = self.conn.clone();
        self.call(
            script
                .key(Self::budget_key(tenant, window))
                .arg(window_ms * 2)
                .invoke_async(&mut c),
        )
        .await
    }

    /// Calls counted in `window`, the learned limit, and the end of a 429 block (unix ms).
    pub async fn budget(
        &self,
        tenant: &str,
        window: u64,
    ) -> Result<(u64, Option<u32>, Option<u64>), StateError> {
        let mut c = self.conn.clone();
        let (count, learned, blocked): (Option<u64>, Option<u32>, Option<u64>) = self
            .call(
                redis::cmd("MGET")
                    .arg(Self::budget_key(tenant, window))
                    .arg(Self::learned_key(tenant))
                    .arg(Self::blocked_key(tenant))
                    .query_async(&mut c),
            )
            .await?;
        Ok((count.unwrap_or(0), learned, blocked))
    }

    /// Records a 429: the learned limit (when learning) and the block every replica sees.
    pub async fn record_429(
        &self,
        tenant: &str,
        learned: Option<u32>,
        blocked_until_ms: u64,
    ) -> Result<(), StateError> {
        let mut pipe = redis::pipe();
        let ttl = blocked_until_ms
            .saturating_sub(crate::clock::unix_ms())
            .max(1);
        pipe.cmd("SET")
            .arg(Self::blocked_key(tenant))
            .arg(blocked_until_ms)
            .arg("PX")
            .arg(ttl)
            .ignore();
        if let Some(l) = learned {
            pipe.cmd("SET")
                .arg(Self::learned_key(tenant))
                .arg(l)
                .ignore();
        }
        let mut c = self.conn.clone();
        self.call(pipe.query_async::<()>(&mut c)).await
    }

    // ---- idempotency ---------------------------------------------------------------

    fn idem_key(tenant: &str, key: &str) -> String {
        format!("procura:{{{tenant}}}:idem:{}", hex::encode(sha2_of(key)))
    }

    /// A record as Redis holds it: the response body sealed (it is a procurement record).
    fn idem_sealed(&self, record: &IdemRecord) -> Result<String, StateError> {
        let mut r = record.clone();
        if !r.body.is_empty() {
            r.body = self.seal(&r.body);
        }
        serde_json::to_string(&r).map_err(|_| StateError::Corrupt)
    }

    /// A record as Redis held it, its body opened.
    fn idem_opened(&self, raw: &str) -> Result<IdemRecord, StateError> {
        let mut r: IdemRecord = serde_json::from_str(raw).map_err(|_| StateError::Corrupt)?;
        if !r.body.is_empty() {
            r.body = self.open(&r.body).ok_or(StateError::Corrupt)?;
        }
        Ok(r)
    }

    /// Claims a key for a running request (for `lease`), or returns what is there.
    pub async fn idem_claim(
        &self,
        tenant: &str,
        key: &str,
        record: &IdemRecord,
        lease: Duration,
    ) -> Result<Option<IdemRecord>, StateError> {
        let json = self.idem_sealed(record)?;
        let script = Script::new(
            r"
            local ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
            if ok then return false end
            return redis.call('GET', KEYS[1])",
        );
        let mut c = self.conn.clone();
        let existing: Option<String> = self
            .call(
                script
                    .key(Self::idem_key(tenant, key))
                    .arg(json)
                    .arg(lease.as_millis() as u64)
                    .invoke_async(&mut c),
            )
            .await?;
        existing.map(|s| self.idem_opened(&s)).transpose()
    }

    pub async fn idem_get(
        &self,
        tenant: &str,
        key: &str,
    ) -> Result<Option<IdemRecord>, StateError> {
        let mut c = self.conn.clone();
        let raw: Option<String> = self.call(c.get(Self::idem_key(tenant, key))).await?;
        raw.map(|s| self.idem_opened(&s)).transpose()
    }

    /// Replaces the running record by its outcome (only the owner may).
    pub async fn idem_finish(
        &self,
        tenant: &str,
        key: &str,
        record: &IdemRecord,
        ttl: Duration,
    ) -> Result<(), StateError> {
        let json = self.idem_sealed(record)?;
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local ok, obj = pcall(cjson.decode, cur)
              if ok and obj.owner ~= ARGV[3] then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1",
        );
        let mut c = self.conn.clone();
        let _: i64 = self
            .call(
                script
                    .key(Self::idem_key(tenant, key))
                    .arg(json)
                    .arg(ttl.as_millis() as u64)
                    .arg(&record.owner)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(())
    }

    /// Frees a key the owner's request could not complete.
    pub async fn idem_release(
        &self,
        tenant: &str,
        key: &str,
        owner: &str,
    ) -> Result<(), StateError> {
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if not cur then return 0 end
            local ok, obj = pcall(cjson.decode, cur)
            if ok and obj.owner == ARGV[1] and not obj.done then return redis.call('DEL', KEYS[1]) end
            return 0",
        );
        let mut c = self.conn.clone();
        let _: i64 = self
            .call(
                script
                    .key(Self::idem_key(tenant, key))
                    .arg(owner)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(())
    }

    /// A round trip, for readiness detail.
    pub async fn ping(&self) -> bool {
        let mut c = self.conn.clone();
        self.call(redis::cmd("PING").query_async::<String>(&mut c))
            .await
            .is_ok()
    }
}

impl Redis {
    // ---- plain key-value (`state::store`) ------------------------------------------
    //
    // Values live under `procura:{kv}:<key>`; the sorted set `procura:{kv}:index` names
    // every key (score 0, so it orders by key) for prefix scans. All of it shares the
    // hash tag `{kv}`, so a transaction over several keys stays in one cluster slot.

    fn kv_key(key: &str) -> String {
        format!("procura:{{kv}}:v:{key}")
    }

    const KV_INDEX: &'static str = "procura:{kv}:index";

    pub async fn kv_get(&self, key: &str) -> Result<Option<Vec<u8>>, StateError> {
        let mut c = self.conn.clone();
        self.call(c.get(Self::kv_key(key))).await
    }

    /// Applies puts (`Some`) and deletes (`None`) in one MULTI/EXEC: all or none.
    pub async fn kv_apply(&self, ops: Vec<(String, Option<Vec<u8>>)>) -> Result<(), StateError> {
        if ops.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        pipe.atomic();
        for (key, value) in ops {
            match value {
                Some(v) => {
                    pipe.cmd("SET").arg(Self::kv_key(&key)).arg(v).ignore();
                    pipe.cmd("ZADD")
                        .arg(Self::KV_INDEX)
                        .arg(0)
                        .arg(&key)
                        .ignore();
                }
                None => {
                    pipe.cmd("DEL").arg(Self::kv_key(&key)).ignore();
                    pipe.cmd("ZREM").arg(Self::KV_INDEX).arg(&key).ignore();
                }
            }
        }
        let mut c = self.conn.clone();
        self.call(pipe.query_async::<()>(&mut c)).await
    }

    /// Takes or renews the lease `name` for `holder` for `ttl`: the fencing number while
    /// `holder` holds it (a new one each time it is taken), `None` while another does.
    pub async fn kv_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<Option<u64>, StateError> {
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if not cur then
              local f = redis.call('INCR', KEYS[2])
              redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. f, 'PX', ARGV[2])
              return f
            end
            local holder, fence = string.match(cur, '^(.*) (%d+)$')
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return tonumber(fence)
            end
            return -1",
        );
        let mut c = self.conn.clone();
        let f: i64 = self
            .call(
                script
                    .key(format!("procura:{{kv}}:lease:{name}"))
                    .key(format!("procura:{{kv}}:fence:{name}"))
                    .arg(holder)
                    .arg(ttl.as_millis().max(1) as u64)
                    .invoke_async(&mut c),
            )
            .await?;
        Ok(u64::try_from(f).ok())
    }

    /// [`Redis::kv_apply`], only while the lease `name` still carries `fence`: `false`
    /// (and nothing written) once another holder took it or it lapsed.
    pub async fn kv_apply_fenced(
        &self,
        name: &str,
        fence: u64,
        ops: Vec<(String, Option<Vec<u8>>)>,
    ) -> Result<bool, StateError> {
        let script = Script::new(
            r"
            local cur = redis.call('GET', KEYS[1])
            if not cur or string.match(cur, ' (%d+)$') ~= ARGV[1] then return 0 end
            local i = 2
            while i <= #ARGV do
              local key = ARGV[i + 1]
              if ARGV[i] == 'P' then
                redis.call('SET', 'procura:{kv}:v:' .. key, ARGV[i + 2])
                redis.call('ZADD', 'procura:{kv}:index', 0, key)
                i = i + 3
              else
                redis.call('DEL', 'procura:{kv}:v:' .. key)
                redis.call('ZREM', 'procura:{kv}:index', key)
                i = i + 2
              end
            end
            return 1",
        );
        let mut inv = script.key(format!("procura:{{kv}}:lease:{name}"));
        inv.arg(fence.to_string());
        for (key, value) in ops {
            match value {
                Some(v) => {
                    inv.arg("P").arg(key).arg(v);
                }
                None => {
                    inv.arg("D").arg(key);
                }
            }
        }
        let mut c = self.conn.clone();
        let n: i64 = self.call(inv.invoke_async(&mut c)).await?;
        Ok(n == 1)
    }

    /// Every key starting with `prefix` and its value, in key order.
    pub async fn kv_scan(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, StateError> {
        let mut low = b"[".to_vec();
        low.extend_from_slice(prefix.as_bytes());
        let mut high = low.clone();
        high.push(0xff);
        let mut c = self.conn.clone();
        let keys: Vec<String> = self
            .call(
                redis::cmd("ZRANGEBYLEX")
                    .arg(Self::KV_INDEX)
                    .arg(low)
                    .arg(high)
                    .query_async(&mut c),
            )
            .await?;
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(256) {
            let mut cmd = redis::cmd("MGET");
            for k in chunk {
                cmd.arg(Self::kv_key(k));
            }
            let values: Vec<Option<Vec<u8>>> = self.call(cmd.query_async(&mut c)).await?;
            for (k, v) in chunk.iter().zip(values) {
                if let Some(v) = v {
                    out.push((k.clone(), v));
                }
            }
        }
        Ok(out)
    }
}

fn sha2_of(s: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).into()
}
