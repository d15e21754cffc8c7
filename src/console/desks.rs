//! A desk's reads: each desk's pane makes its own (a type of its own that
//! is a `DeskRead`, in its files beside the pane, with the reasons the
//! audit records), the runtime runs it with the client, and the answer
//! comes back as `Action::Desk`: a `DeskReply` that only the pane that
//! asked can open, as the type it made it from (no text to parse).

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::client::Client;

/// A read the runtime runs for a pane.
pub trait DeskRead: fmt::Debug + Send + Any {
    /// Makes the read with `client`; its answer, for the pane that asked.
    fn run(self: Box<Self>, client: Client) -> Pin<Box<dyn Future<Output = DeskReply> + Send>>;

    /// What it is, for the pane that made it (tests look at the reads asked).
    fn as_any(&self) -> &dyn Any;

    /// A copy, as effects are copied.
    fn clone_box(&self) -> Box<dyn DeskRead>;
}

impl Clone for Box<dyn DeskRead> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// The answer to a desk's read, of the type its pane made it from.
pub struct DeskReply(Box<dyn Any + Send>);

impl DeskReply {
    pub fn new<T: Any + Send>(reply: T) -> DeskReply {
        DeskReply(Box::new(reply))
    }

    /// The answer as `T`, if it is one; else itself, for another pane.
    pub fn take<T: Any>(self) -> Result<T, DeskReply> {
        match self.0.downcast::<T>() {
            Ok(reply) => Ok(*reply),
            Err(other) => Err(DeskReply(other)),
        }
    }
}

impl fmt::Debug for DeskReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeskReply(..)")
    }
}

/// Makes `$read` (an enum of a desk's reads) a `DeskRead` whose answers
/// are made by its `async fn answer(self, client: Client)` (it is `Clone`).
macro_rules! desk_read {
    ($read:ty) => {
        impl $crate::console::desks::DeskRead for $read {
            fn run(
                self: Box<Self>,
                client: $crate::client::Client,
            ) -> std::pin::Pin<Box<dyn std::future::Future<Output = $crate::console::desks::DeskReply> + Send>> {
                Box::pin(async move { $crate::console::desks::DeskReply::new(self.answer(client).await) })
            }

            fn as_any(&self) -> &dyn std::any::Any {
                self
            }

            fn clone_box(&self) -> Box<dyn $crate::console::desks::DeskRead> {
                Box::new(self.clone())
            }
        }
    };
}

pub(crate) use desk_read;
