//! The binary's command line.

use std::process::Command;

fn procura() -> Command {
    Command::new(env!("CARGO_BIN_EXE_procura"))
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["serve", "--help"],
        vec!["sandbox", "--help"],
        vec!["mappings", "check", "--help"],
        vec!["mappings", "test", "--help"],
    ] {
        let out = procura().args(&args).output().expect("run procura");
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(!out.stdout.is_empty(), "{args:?} printed no help");
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = procura().arg("frobnicate").output().expect("run procura");
    assert_eq!(out.status.code(), Some(2));
}
