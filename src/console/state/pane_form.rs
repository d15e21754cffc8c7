//! A pane's form over the panes (a crime's allocation, an incident's log
//! entry, a safeguarding referral…): `Overlay::Form` holds it as a
//! `PaneForm`, and only the pane that opened it knows its type, draws it
//! and takes its keys. Any plain state type is one.

use std::any::Any;
use std::fmt;

pub trait PaneForm: fmt::Debug + Send + Sync + Any {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    fn clone_box(&self) -> Box<dyn PaneForm>;
    fn same(&self, other: &dyn PaneForm) -> bool;
}

impl<T: fmt::Debug + Clone + PartialEq + Send + Sync + Any> PaneForm for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }

    fn clone_box(&self) -> Box<dyn PaneForm> {
        Box::new(self.clone())
    }

    fn same(&self, other: &dyn PaneForm) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

impl Clone for Box<dyn PaneForm> {
    fn clone(&self) -> Self {
        (**self).clone_box()
    }
}

impl PartialEq for Box<dyn PaneForm> {
    fn eq(&self, other: &Self) -> bool {
        (**self).same(&**other)
    }
}
