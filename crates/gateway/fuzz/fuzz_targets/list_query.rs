//! The list query parser: a query string against a shipped resource definition.
//! Input: first byte picks the resource, the rest is the raw query string.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use gateway::config::{Config, Secret};
use gateway::resources::cursor::Signer;
use gateway::resources::listing::{ListSettings, plan};
use gateway::resources::{Effective, Registry};

fn resources() -> &'static (Vec<Arc<Effective>>, Signer) {
    static LOADED: OnceLock<(Vec<Arc<Effective>>, Signer)> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut config = Config::mappings_only();
        config.mappings.base_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../mappings").into();
        let registry = Registry::load(&config).expect("the shipped mappings load");
        let all = registry.all(None).cloned().collect();
        (
            all,
            Signer::new(&Secret::new("fuzzing-cursor-secret-0123456789")),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, query)) = data.split_first() else {
        return;
    };
    let (all, signer) = resources();
    let eff = &all[pick as usize % all.len()];
    let query = String::from_utf8_lossy(query);
    let settings = ListSettings {
        max_page_size: 200,
        sync_margin_secs: 300,
    };
    if let Ok(p) = plan(Some(&query), eff, "acme", signer, settings) {
        assert!((1..=200).contains(&p.limit));
    }
});
