//! Typed row ids, so a meeting id cannot be passed where an item id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A file imported into the library.
    DocumentId
);
id_type!(
    /// A meeting: one body of a council on one day, with all its papers.
    MeetingId
);
id_type!(
    /// What one document says of one meeting (a pack can hold several:
    /// its own agenda, and the previous meeting's minutes).
    PaperId
);
id_type!(
    /// An agenda item or minute of a meeting.
    ItemId
);
id_type!(
    /// A budget table read from a paper.
    TableId
);
