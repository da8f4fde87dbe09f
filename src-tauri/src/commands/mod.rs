//! The commands the UI calls, in files by area. Each is a few lines: take
//! ids and values the member chose, call one core function, map the error.

pub mod annotations;
pub mod commitments;
pub mod flags;
pub mod importing;
pub mod library;
pub mod questions;
// Read by build.rs; compiled here only for the capability test.
#[cfg(test)]
pub mod names;
