//! What can go wrong with a resource operation, before it becomes a problem+json.

use super::chain::MappingError;
use crate::providers::UpstreamError;

/// Why a list or get failed.
#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    #[error("{parameter}: {detail}")]
    BadParam { parameter: String, detail: String },
    #[error("{0}")]
    NotFound(String),
    /// The resource or operation exists, but not for the tenant's provider.
    #[error("{0}")]
    Unsupported(String),
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error(transparent)]
    Mapping(Box<RecordMappingError>),
    #[error("{0}")]
    NotAllowed(String),
    #[error("the upstream refused the record")]
    Validation {
        /// Who refused it: the provider's display name, or procura itself.
        refused_by: String,
        errors: Vec<crate::field_message::FieldMessage>,
    },
    #[error("{0}")]
    WriteOutcomeUnknown(String),
    /// The mapping threads could not take the work (shutting down).
    #[error("{0}")]
    Unavailable(String),
}

/// A record the mapping chain could not map.
#[derive(Debug, thiserror::Error)]
#[error("mapping of {resource} record {record_id} for tenant {tenant} failed: {error}")]
pub struct RecordMappingError {
    pub resource: String,
    pub tenant: String,
    pub record_id: String,
    pub error: MappingError,
}

pub fn bad(parameter: &str, detail: impl Into<String>) -> ResourceError {
    ResourceError::BadParam {
        parameter: parameter.to_string(),
        detail: detail.into(),
    }
}
