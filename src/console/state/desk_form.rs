//! A form on one record of the crime or intelligence desk: its inputs,
//! which has the focus, and what the server said. Its input stays while it
//! is saving and after a refusal, so nothing typed is lost.

use super::form::FormField;

#[derive(Debug, Clone, PartialEq)]
pub struct DeskForm<K> {
    /// What the form does.
    pub kind: K,
    /// The record it acts on.
    pub record_id: String,
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub saving: bool,
    pub error: Option<String>,
    /// The input the refusal names.
    pub error_field: Option<String>,
    /// The operator has typed in it (prefilled values alone do not count).
    pub touched: bool,
}

impl<K> DeskForm<K> {
    pub fn new(kind: K, record_id: String, title: String, fields: Vec<FormField>) -> Self {
        // Start on the first empty input: prefilled ones usually stand.
        let focus = fields.iter().position(|f| f.value.is_empty()).unwrap_or(0);
        DeskForm {
            kind,
            record_id,
            title,
            fields,
            focus,
            saving: false,
            error: None,
            error_field: None,
            touched: false,
        }
    }

    pub fn value(&self, name: &str) -> &str {
        self.fields.iter().find(|f| f.name == name).map(|f| f.value.as_str()).unwrap_or("")
    }

    /// The input that has the focus, by name.
    pub fn focused(&self) -> &str {
        self.fields.get(self.focus).map(|f| f.name).unwrap_or("")
    }
}

/// One input of a desk form.
pub fn field(name: &'static str, label: &'static str, value: String, hint: &'static str) -> FormField {
    FormField { name, label, value, required: false, hint }
}
