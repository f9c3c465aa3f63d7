//! The outline of a recognised draft: what was found where, for a person
//! to check before building.
