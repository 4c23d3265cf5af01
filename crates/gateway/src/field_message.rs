//! One message about one field of a record: what an upstream validation error says (in
//! the provider's attribute names), and what a caller reads in a 422's `errors` (in
//! unified names, after `resources` renamed the field).

use serde::Serialize;

/// The `field` of a message about the record as a whole.
pub const WHOLE_RECORD: &str = "(record)";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl FieldMessage {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldMessage {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A message that names no field.
    pub fn about_record(message: impl Into<String>) -> Self {
        FieldMessage::new(WHOLE_RECORD, message)
    }

    pub fn is_about_record(&self) -> bool {
        self.field == WHOLE_RECORD
    }
}

impl std::fmt::Display for FieldMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_about_record() {
            f.write_str(&self.message)
        } else {
            write!(f, "{} {}", self.field, self.message)
        }
    }
}
