//! The Oracle Fusion sandbox over real HTTP on loopback: every point of the faithful-
//! sandbox checklist (`src/oracle_fusion/README.md`), resource by resource, and the
//! control API. Read-only tests share one sandbox seeded with the default 1200
//! purchase orders; tests that change data or settings start their own.

mod support;

mod actions;
mod auth;
mod control;
mod drafts;
mod envelope;
mod errors;
mod etags;
mod faults;
mod fields;
mod finders;
mod flexfields;
mod formats;
mod keys;
mod metadata;
mod order;
mod paths;
mod payables;
mod query;
mod resources;
mod upsert;
