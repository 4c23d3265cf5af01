//! Who is calling and for which tenant: Bearer API keys (compared in constant time, as
//! SHA-256 digests), the tenant from `X-Tenant-Id` or `tenant_id`, 401 and 403.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppState;
use super::problem::ApiError;
use crate::config::{ApiKeyConfig, tenant_allowed};
use crate::tenant::Tenant;

/// The configured API keys, as digests.
#[derive(Debug)]
pub struct KeyRing {
    keys: Vec<Key>,
}

#[derive(Debug)]
struct Key {
    digest: [u8; 32],
    tenants: Vec<String>,
    admin: bool,
}

/// An authenticated API key.
#[derive(Debug, Clone)]
pub struct KeyGrant {
    /// SHA-256 of the key: names it in audit lines without revealing it.
    pub digest: [u8; 32],
    pub tenants: Vec<String>,
    pub admin: bool,
}

impl KeyGrant {
    pub fn may_act_for(&self, tenant: &str) -> bool {
        tenant_allowed(&self.tenants, tenant)
    }
}

impl KeyRing {
    pub fn new(keys: &[ApiKeyConfig]) -> Self {
        KeyRing {
            keys: keys
                .iter()
                .map(|k| Key {
                    digest: k.digest(),
                    tenants: k.tenants.clone(),
                    admin: k.admin,
                })
                .collect(),
        }
    }

    /// Finds the key; every configured key is compared, in constant time.
    pub fn authenticate(&self, presented: &str) -> Option<KeyGrant> {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let mut found = None;
        for key in &self.keys {
            if bool::from(key.digest.ct_eq(&digest)) {
                found = Some(KeyGrant {
                    digest,
                    tenants: key.tenants.clone(),
                    admin: key.admin,
                });
            }
        }
        found
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The key behind the request, or 401.
pub fn authenticate(state: &AppState, parts: &Parts) -> Result<KeyGrant, ApiError> {
    let presented = bearer(parts).ok_or_else(|| {
        ApiError::Unauthorized("send an API key as `Authorization: Bearer <key>`".into())
    })?;
    state
        .keys
        .authenticate(presented)
        .ok_or_else(|| ApiError::Unauthorized("unknown API key".into()))
}

/// `tenant_id` from the query string, if given.
pub fn tenant_query_param(query: Option<&str>) -> Result<Option<String>, ApiError> {
    let pairs =
        crate::query_string::pairs(query).map_err(|e| ApiError::bad_param(&e.name, e.message))?;
    let mut found = None;
    for (k, v) in pairs {
        if k == "tenant_id" {
            if found.is_some() {
                return Err(ApiError::bad_param("tenant_id", "given more than once"));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// A caller acting for one tenant it may act for.
#[derive(Clone)]
pub struct TenantCaller {
    pub tenant: Arc<Tenant>,
    pub key: KeyGrant,
}

impl FromRequestParts<Arc<AppState>> for TenantCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let key = authenticate(state, parts)?;
        let header = match parts.headers.get("x-tenant-id") {
            Some(v) => Some(
                v.to_str()
                    .map_err(|_| ApiError::bad_param("X-Tenant-Id", "not valid text"))?
                    .to_string(),
            ),
            None => None,
        };
        let query = tenant_query_param(parts.uri.query())?;
        let tenant_id = match (header, query) {
            (Some(h), Some(q)) if h != q => {
                return Err(ApiError::bad_request(
                    "X-Tenant-Id and tenant_id name different tenants",
                ));
            }
            (Some(t), _) | (None, Some(t)) => t,
            (None, None) => {
                return Err(ApiError::bad_param(
                    "X-Tenant-Id",
                    "name the tenant in the X-Tenant-Id header or the tenant_id query parameter",
                ));
            }
        };
        tracing::Span::current().record("tenant", tenant_id.as_str());
        if !key.may_act_for(&tenant_id) {
            return Err(ApiError::Forbidden(format!(
                "this API key may not act for tenant {tenant_id:?}"
            )));
        }
        let tenant = state
            .tenants
            .get(&tenant_id)
            .ok_or_else(|| ApiError::NotFound(format!("no tenant {tenant_id:?}")))?;
        Ok(TenantCaller { tenant, key })
    }
}

/// A caller holding an admin key.
pub struct AdminCaller(pub KeyGrant);

impl FromRequestParts<Arc<AppState>> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let key = authenticate(state, parts)?;
        if !key.admin {
            return Err(ApiError::Forbidden(
                "this API key is not an admin key".into(),
            ));
        }
        Ok(AdminCaller(key))
    }
}
