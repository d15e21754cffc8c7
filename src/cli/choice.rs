//! Flags that take one of a fixed list of values: statuses, kinds, rights,
//! roles, boroughs… clap refuses any other value before anything runs, with
//! the list in its message and the usage exit code, and `--help` and the
//! completion scripts show the list. A list of API values is read from the
//! API's own schema of the type, so a flag accepts exactly what the server
//! does, spelt as the server spells it. Values match in any case.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use serde::de::DeserializeOwned;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::PartialSchema;

/// A value parser for one of a fixed list of values, each given as `T`.
#[derive(Clone)]
pub struct Choice<T> {
    values: Vec<(PossibleValue, T)>,
}

impl<T> Choice<T> {
    /// The values and their help, each given as its `T`.
    pub fn new(values: impl IntoIterator<Item = (PossibleValue, T)>) -> Self {
        Choice { values: values.into_iter().collect() }
    }

    /// Leaves out the values for which `skip` holds (those the command has
    /// another way to say).
    pub fn except(mut self, skip: impl Fn(&T) -> bool) -> Self {
        self.values.retain(|(_, value)| !skip(value));
        self
    }

    fn names(&self) -> impl Iterator<Item = PossibleValue> + '_ {
        self.values.iter().map(|(name, _)| name.clone())
    }
}

/// One of the values the API's schema of `T` lists, read as `T`.
pub fn api<T: PartialSchema + DeserializeOwned>() -> Choice<T> {
    Choice::new(
        schema_values::<T>()
            .into_iter()
            .filter_map(|name| Some((PossibleValue::new(name.clone()), serde_json::from_value(name.into()).ok()?))),
    )
}

/// One of the values the API's schema of `T` lists, as the API spells it
/// (for filters that pass the value on as text).
pub fn api_name<T: PartialSchema>() -> Choice<String> {
    Choice::new(schema_values::<T>().into_iter().map(|name| (PossibleValue::new(name.clone()), name)))
}

/// One of `names`, given back as the list spells it.
pub fn one_of(names: &[&'static str]) -> Choice<String> {
    Choice::new(names.iter().map(|name| (PossibleValue::new(*name), name.to_string())))
}

/// The values of an enum schema (a plain `enum` of strings).
fn schema_values<T: PartialSchema>() -> Vec<String> {
    match T::schema() {
        RefOr::T(Schema::Object(object)) => object
            .enum_values
            .unwrap_or_default()
            .into_iter()
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let typed = value.to_str().map(str::trim).unwrap_or_default();
        match self.values.iter().find(|(name, _)| name.matches(typed, true)) {
            Some((_, value)) => Ok(value.clone()),
            None => {
                // clap's own parser words the refusal, listing the values; it
                // matches more strictly than the search above, so it refuses too.
                let refusal = PossibleValuesParser::new(self.names()).parse_ref(cmd, arg, value).err();
                Err(refusal.unwrap_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd)))
            }
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custody::Right;
    use crate::domain::event::WarrantStatus;

    fn parse<T: Clone + Send + Sync + 'static>(choice: &Choice<T>, value: &str) -> Result<T, String> {
        let cmd =
            clap::Command::new("bluelamp").arg(clap::Arg::new("right").long("right").value_parser(choice.clone()));
        let matches = cmd.try_get_matches_from(["bluelamp", "--right", value]).map_err(|e| e.to_string())?;
        Ok(matches.get_one::<T>("right").expect("a value").clone())
    }

    #[test]
    fn enum_flags_are_read_as_the_api_reads_them() {
        assert_eq!(parse(&api::<Right>(), "legal_advice").unwrap(), Right::LegalAdvice);
        assert_eq!(parse(&api::<Right>(), " Legal_Advice ").unwrap(), Right::LegalAdvice);
        let error = parse(&api::<Right>(), "phone_call").unwrap_err();
        assert!(error.contains("invalid value 'phone_call' for '--right <right>'"), "{error}");
        assert!(error.contains("[possible values: someone_informed, legal_advice, consult_codes]"), "{error}");
    }

    #[test]
    fn a_list_of_api_values_is_the_whole_enum_less_what_is_left_out() {
        let names = |c: &Choice<WarrantStatus>| c.names().map(|n| n.get_name().to_string()).collect::<Vec<_>>();
        let all = api::<WarrantStatus>();
        assert_eq!(names(&all).len(), 9);
        assert_eq!(names(&all)[0], "received");
        let outstanding = all.except(|s| !s.is_outstanding());
        assert_eq!(names(&outstanding), ["received", "validated", "circulated", "allocated"]);
        assert_eq!(parse(&api_name::<WarrantStatus>(), "CIRCULATED").unwrap(), "circulated");
    }

    #[test]
    fn a_plain_list_gives_the_value_back_as_the_list_spells_it() {
        let boroughs = one_of(&crate::domain::boroughs::BOROUGHS);
        assert_eq!(parse(&boroughs, "kingston upon thames").unwrap(), "Kingston upon Thames");
        assert!(parse(&boroughs, "Kingston").is_err());
    }
}
