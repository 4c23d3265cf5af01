//! Mapping files: one YAML file per resource, base or override, parsed and compiled with
//! errors that point to file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use jsonata::Expression;

/// A load error: file, line and reason.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}:{line}: {reason}", file.display())]
pub struct LoadError {
    pub file: PathBuf,
    pub line: usize,
    pub reason: String,
}

impl LoadError {
    pub fn new(file: &Path, line: usize, reason: impl Into<String>) -> Self {
        LoadError {
            file: file.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }
}

/// How an override combines with the level below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Merge,
    Replace,
}

/// A write a resource allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Write {
    Create,
    Update,
}

impl Write {
    /// The operation's name, as coverage and `x-procura-providers` list it.
    pub fn operation(self) -> &'static str {
        match self {
            Write::Create => "create",
            Write::Update => "update",
        }
    }
}

/// A provider call a resource exposes as `POST /unified/procurement/{resource}/{id}/{name}`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// HTTP method of the provider call.
    pub method: String,
    /// Path below the record, e.g. `""` for the record itself or `/close`.
    #[serde(default)]
    pub path: String,
    /// Query string sent with it, e.g. `exported=true`.
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    singular: Option<String>,
    path: Option<String>,
    write_path: Option<String>,
    id: Option<String>,
    writes: Option<Vec<Write>>,
    description: Option<String>,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    filters: BTreeMap<String, String>,
    #[serde(default, rename = "where")]
    scope: BTreeMap<String, String>,
    #[serde(default)]
    actions: BTreeMap<String, Action>,
    response: Option<String>,
    request: Option<String>,
    /// JSON Schema types of fields an override adds, e.g. `custom_fields.cost_center: string`.
    #[serde(default)]
    schema: BTreeMap<String, serde_json::Value>,
}

/// One compiled mapping file.
#[derive(Debug, Clone)]
pub struct MappingFile {
    pub file: PathBuf,
    pub resource: String,
    /// One record's name, e.g. `purchase_order` (MCP tools are `get_<singular>`, …).
    pub singular: Option<String>,
    pub path: Option<String>,
    /// Where writes and actions go when not to `path` (Oracle: drafts).
    pub write_path: Option<String>,
    pub id: Option<String>,
    pub writes: Vec<Write>,
    pub description: Option<String>,
    pub mode: Mode,
    pub filters: BTreeMap<String, String>,
    /// `where`: provider attribute → value every record of the resource has. Lists ask
    /// for these records only and a get by id looks among them (a collection whose rows
    /// repeat the id, e.g. Oracle's items once per organisation, is read in one).
    pub scope: BTreeMap<String, String>,
    pub actions: BTreeMap<String, Action>,
    pub response: Option<Expression>,
    pub request: Option<Expression>,
    pub schema: BTreeMap<String, serde_json::Value>,
}

/// Is this file a base definition (level 1) or an override (levels 2 and 3)?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Base,
    Override,
}

impl MappingFile {
    /// Reads and compiles `file`.
    pub fn load(file: &Path, level: Level) -> Result<MappingFile, LoadError> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| LoadError::new(file, 1, format!("cannot read: {e}")))?;
        MappingFile::parse(file, &text, level)
    }

    pub fn parse(file: &Path, text: &str, level: Level) -> Result<MappingFile, LoadError> {
        let resource = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if resource.is_empty()
            || !resource
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(LoadError::new(
                file,
                1,
                "file name must be the resource name in snake_case, e.g. purchase_orders.yaml",
            ));
        }
        let raw: RawFile = yaml_serde::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            LoadError::new(file, line, e.to_string())
        })?;
        let line_of = |key: &str| key_line(text, key);
        match level {
            Level::Base => {
                for (key, present) in [
                    ("singular", raw.singular.is_some()),
                    ("path", raw.path.is_some()),
                    ("response", raw.response.is_some()),
                ] {
                    if !present {
                        return Err(LoadError::new(
                            file,
                            1,
                            format!("a base mapping needs `{key}`"),
                        ));
                    }
                }
                if let Some(s) = &raw.singular
                    && !valid_param_name(s)
                {
                    return Err(LoadError::new(
                        file,
                        line_of("singular"),
                        format!("`singular` {s:?} must be snake_case, e.g. purchase_order"),
                    ));
                }
                for (key, value) in [("path", &raw.path), ("write_path", &raw.write_path)] {
                    if let Some(p) = value
                        && (!p.starts_with('/') || p.contains("..") || p.contains(['?', '#']))
                    {
                        return Err(LoadError::new(
                            file,
                            line_of(key),
                            format!("`{key}` must be an absolute path without query or `..`"),
                        ));
                    }
                }
                let writes = raw.writes.as_deref().unwrap_or_default();
                if !writes.is_empty() && raw.request.is_none() {
                    return Err(LoadError::new(
                        file,
                        line_of("writes"),
                        "a resource with `writes` needs a `request` mapping",
                    ));
                }
            }
            Level::Override => {
                for (key, present) in [
                    ("singular", raw.singular.is_some()),
                    ("path", raw.path.is_some()),
                    ("write_path", raw.write_path.is_some()),
                    ("id", raw.id.is_some()),
                    ("writes", raw.writes.is_some()),
                    ("actions", !raw.actions.is_empty()),
                ] {
                    if present {
                        return Err(LoadError::new(
                            file,
                            line_of(key),
                            format!("`{key}` belongs to base mappings only"),
                        ));
                    }
                }
            }
        }
        for (name, coupa) in &raw.filters {
            if !valid_param_name(name) {
                return Err(LoadError::new(
                    file,
                    line_of("filters"),
                    format!("filter name {name:?} must be snake_case"),
                ));
            }
            if coupa.is_empty() || coupa.contains(['&', '=', '?', '#']) {
                return Err(LoadError::new(
                    file,
                    line_of("filters"),
                    format!("filter {name:?} maps to an invalid parameter {coupa:?}"),
                ));
            }
        }
        for (attribute, value) in &raw.scope {
            if attribute.is_empty() || attribute.contains(['&', '=', '?', '#', ' ']) {
                return Err(LoadError::new(
                    file,
                    line_of("where"),
                    format!("where: {attribute:?} is not a provider attribute"),
                ));
            }
            if value.is_empty() || value.len() > 200 {
                return Err(LoadError::new(
                    file,
                    line_of("where"),
                    format!("where: {attribute} needs a value of 1 to 200 characters"),
                ));
            }
        }
        for (path, field_schema) in &raw.schema {
            if path
                .split('.')
                .any(|p| p.is_empty() || p.contains(char::is_whitespace))
            {
                return Err(LoadError::new(
                    file,
                    line_of("schema"),
                    format!(
                        "schema: {path:?} must be a dotted path of field names, e.g. custom_fields.cost_center"
                    ),
                ));
            }
            if let Err(e) = jsonschema::options().build(field_schema) {
                return Err(LoadError::new(
                    file,
                    line_of("schema"),
                    format!("schema: {path} is not a valid JSON Schema: {e}"),
                ));
            }
        }
        let compile = |key: &str, src: &Option<String>| -> Result<Option<Expression>, LoadError> {
            let Some(src) = src else { return Ok(None) };
            Expression::compile(src).map(Some).map_err(|e| {
                let (line_in_expr, col) = e.position.map(|p| line_col(src, p)).unwrap_or((1, 1));
                // A block scalar starts on the line after its key, indented.
                let line = line_of(key) + line_in_expr;
                let indent = text
                    .lines()
                    .nth(line - 1)
                    .map(|l| l.len() - l.trim_start().len())
                    .unwrap_or(0);
                LoadError::new(
                    file,
                    line,
                    format!(
                        "{key}: JSONata error {} at column {}: {}",
                        e.code,
                        col + indent,
                        e.message
                    ),
                )
            })
        };
        Ok(MappingFile {
            file: file.to_path_buf(),
            response: compile("response", &raw.response)?,
            request: compile("request", &raw.request)?,
            resource,
            singular: raw.singular,
            path: raw.path,
            write_path: raw.write_path,
            id: raw.id,
            writes: raw.writes.unwrap_or_default(),
            description: raw.description,
            mode: raw.mode,
            filters: raw.filters,
            scope: raw.scope,
            actions: raw.actions,
            schema: raw.schema,
        })
    }
}

pub fn valid_param_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The 1-based line on which a top-level `key:` appears (1 when absent).
pub fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// 1-based line and column of a character offset.
fn line_col(src: &str, char_offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for c in src.chars().take(char_offset) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<MappingFile, LoadError> {
        MappingFile::parse(Path::new("o/purchase_orders.yaml"), text, Level::Override)
    }

    #[test]
    fn a_where_scope_names_attributes_with_values() {
        let ok = parse("where:\n  OrganizationCode: V1\n").unwrap();
        assert_eq!(
            ok.scope.get("OrganizationCode").map(String::as_str),
            Some("V1")
        );
        for bad in [
            "where:\n  \"Org Code\": V1\n",
            "where:\n  OrganizationCode: \"\"\n",
            "where:\n  \"a=b\": V1\n",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.to_string().contains("where"), "{bad}: {e}");
        }
    }

    #[test]
    fn declared_field_schemas_are_json_schemas_at_dotted_paths() {
        let ok = "response: |\n  {}\nschema:\n  custom_fields.cost_center: { type: [string, \"null\"] }\n";
        assert!(parse(ok).is_ok());
        for (bad, says) in [
            (
                "  custom_fields.x: { type: strnig }\n",
                "not a valid JSON Schema",
            ),
            (
                "  custom_fields.x: { minLength: -1 }\n",
                "not a valid JSON Schema",
            ),
            ("  \"custom fields.x\": { type: string }\n", "dotted path"),
            ("  custom_fields..x: { type: string }\n", "dotted path"),
        ] {
            let e = parse(&format!("response: |\n  {{}}\nschema:\n{bad}")).unwrap_err();
            assert_eq!(e.line, 3, "{e}");
            assert!(e.reason.contains(says), "{e}");
        }
    }
}
