//! Helpers shared by the gold tests (`corpus_gold.rs`, `imdb_gold.rs`, `typer.rs`,
//! `attitude.rs`); each test crate uses some of them.

use std::path::{Path, PathBuf};

/// The repository.
#[allow(dead_code)]
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data` beside the repository, if it is there with `marker` (a file under it);
/// else says the test is skipped.
#[allow(dead_code)]
pub fn shared(marker: &str) -> Option<PathBuf> {
    let data = root().join("../shared/data");
    if data.join(marker).exists() {
        Some(data)
    } else {
        eprintln!("../shared/data is not beside the repository: skipped");
        None
    }
}

/// The `reviewlens` binary, run in the repository.
#[allow(dead_code)]
pub fn reviewlens() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("reviewlens").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Checks that every mention of the gold document `doc` (with its `text`) slices the text, in
/// characters, to its surface and has one of the five kinds; `id` names the document in a
/// failure. Returns the number of mentions.
#[allow(dead_code)]
pub fn check_spans(doc: &serde_json::Value, id: &str) -> usize {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let mentions = doc["mentions"].as_array().unwrap();
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= chars.len(), "{id}: {start}..{end}");
        let surface: String = chars[start..end].iter().collect();
        assert_eq!(surface, m["surface"].as_str().unwrap(), "{id} at {start}");
        let kind = m["kind"].as_str().unwrap();
        assert!(
            ["show", "actor", "character", "song", "person"].contains(&kind),
            "{id}: {kind}"
        );
    }
    mentions.len()
}
