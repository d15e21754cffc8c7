//! One input of a form, shared by the custody and the warrant forms.

/// One input of a form. `name` is the field's name in the API action, so a
/// refusal naming `action.cell` lands on that input.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub required: bool,
    /// A short hint shown beside the input (empty for none).
    pub hint: &'static str,
}
