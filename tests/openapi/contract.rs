//! The OpenAPI document as a contract the server's replies are held to:
//! which operation a request is, the statuses that operation documents, and
//! the schema each reply's body must validate against (with its `$ref`s
//! into the document's components).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

/// One documented operation.
struct Operation {
    id: String,
    method: String,
    /// The path's segments; `None` for a parameter.
    segments: Vec<Option<String>>,
    responses: Value,
}

impl Operation {
    /// Whether `path` is this operation's, and how many of its segments are
    /// fixed (the router prefers the most fixed, as `/persons/{id}` over
    /// `/{collection}/{id}`).
    fn fixed_segments_matching(&self, path: &[&str]) -> Option<usize> {
        if path.len() != self.segments.len() {
            return None;
        }
        let mut fixed = 0;
        for (want, got) in self.segments.iter().zip(path) {
            match want {
                Some(want) if want == got => fixed += 1,
                Some(_) => return None,
                None if got.is_empty() => return None,
                None => {}
            }
        }
        Some(fixed)
    }
}

/// The document, and what the replies checked against it so far showed.
pub struct Contract {
    operations: Vec<Operation>,
    components: Value,
    validators: HashMap<(String, u16), jsonschema::Validator>,
    /// Each operation called, with the statuses it answered.
    seen: BTreeMap<String, BTreeSet<u16>>,
    failures: Vec<String>,
}

impl Contract {
    pub fn new(document: &Value) -> Contract {
        let mut operations = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("a path item") {
                let segments = path
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_string()))
                    .collect();
                operations.push(Operation {
                    id: operation["operationId"].as_str().expect("an operationId").to_string(),
                    method: method.to_uppercase(),
                    segments,
                    responses: operation["responses"].clone(),
                });
            }
        }
        let ids: BTreeSet<&str> = operations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids.len(), operations.len(), "operation ids must be unique");
        Contract {
            operations,
            components: document["components"].clone(),
            validators: HashMap::new(),
            seen: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let path: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .filter(|o| o.method == method)
            .filter_map(|o| o.fixed_segments_matching(&path).map(|fixed| (fixed, o)))
            .max_by_key(|(fixed, _)| *fixed)
            .map(|(_, o)| o)
    }

    /// Checks one reply: its status is documented for the operation, its
    /// content type is the one documented for that status, and its body
    /// validates against the schema documented for it. `body` is `None` for
    /// a stream, which is not read. A failure is kept to be reported with
    /// the others.
    pub fn check(&mut self, method: &str, path: &str, status: u16, content_type: &str, body: Option<&Value>) {
        let Some(operation) = self.operation(method, path) else {
            self.failures.push(format!("{method} {path}: no documented operation"));
            return;
        };
        let (id, responses) = (operation.id.clone(), operation.responses.clone());
        let what = format!("{id} ({method} {path}) {status}");
        self.seen.entry(id.clone()).or_default().insert(status);
        let Some(response) = responses.get(status.to_string()) else {
            let documented: Vec<&String> = responses.as_object().map(|r| r.keys().collect()).unwrap_or_default();
            self.failures.push(format!("{what}: status not documented (documented: {documented:?}); body {body:?}"));
            return;
        };
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            if body.is_some_and(|b| !b.is_null()) || !content_type.is_empty() {
                self.failures.push(format!("{what}: documented without a body, but sent {content_type} {body:?}"));
            }
            return;
        };
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let Some(documented) = content.get(media) else {
            let types: Vec<&String> = content.keys().collect();
            self.failures.push(format!("{what}: content type '{content_type}' not documented (documented: {types:?})"));
            return;
        };
        let (Some(body), Some(schema)) = (body, documented.get("schema")) else { return };
        let validator = self.validators.entry((id, status)).or_insert_with(|| validator(schema, &self.components));
        let errors: Vec<String> =
            validator.iter_errors(body).map(|e| format!("at '{}': {e}", e.instance_path())).take(5).collect();
        if !errors.is_empty() {
            self.failures.push(format!("{what}: the body does not match the schema:\n    {}", errors.join("\n    ")));
        }
    }

    /// Fails listing every reply that broke the contract, every operation
    /// never called and every one never answered with a success.
    pub fn finish(self) {
        let mut failures = self.failures;
        for operation in &self.operations {
            match self.seen.get(&operation.id) {
                None => failures.push(format!("{}: never called; add a request for it", operation.id)),
                Some(statuses) if !statuses.iter().any(|s| (200..300).contains(s)) => {
                    failures.push(format!("{}: never answered with a success (only {statuses:?})", operation.id))
                }
                Some(_) => {}
            }
        }
        assert!(failures.is_empty(), "{} breach(es) of the OpenAPI document:\n{}", failures.len(), failures.join("\n"));
    }
}

/// A validator for `schema`, with the document's components beside it so
/// that its `#/components/schemas/…` references resolve.
fn validator(schema: &Value, components: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root.as_object_mut().expect("a schema object").insert("components".into(), components.clone());
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the documented schema {schema} does not compile: {e}"))
}
