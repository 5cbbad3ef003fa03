//! `reviewlens synth`: writes a reproducible synthetic corpus for benchmarking.

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use reviewlens::synth::Synth;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many reviews to write.
    #[arg(long, value_name = "N")]
    reviews: u64,

    /// Seed: the same seed gives the same corpus.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,

    /// Where to write: a file ending in .csv (columns id,text) or .jsonl (fields id, text), or
    /// else a folder of .txt files, 1,000 per subfolder.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,

    /// Number of threads [default: one per core].
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    jobs: usize,
}

enum Format {
    Csv,
    Jsonl,
    Folder,
}

/// Runs `reviewlens synth`.
pub fn synth(args: SynthArgs) -> anyhow::Result<ExitCode> {
    let format = match args.output.extension().and_then(|e| e.to_str()) {
        Some("csv") => Format::Csv,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Folder,
    };
    let synth = Synth::new(args.seed);
    let pool = super::pool(args.jobs.min(super::max_jobs()))?;
    let out = &args.output;
    let mut file = match format {
        Format::Folder => {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            None
        }
        _ => {
            let dir = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let mut held = super::signals::Cleanup::hold();
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            held.add(super::signals::Leftover::File(tmp.path().to_path_buf()));
            drop(held);
            Some(std::io::BufWriter::with_capacity(1 << 20, tmp))
        }
    };
    if let (Format::Csv, Some(f)) = (&format, &mut file) {
        f.write_all(b"id,text\r\n")?;
    }
    let mut bytes = 0u64;
    let chunk = 4096u64;
    for first in (0..args.reviews).step_by(chunk as usize) {
        let last = (first + chunk).min(args.reviews);
        let texts: Vec<String> = pool.install(|| {
            (first..last)
                .into_par_iter()
                .map(|i| synth.review(i).0)
                .collect()
        });
        for (i, text) in (first..).zip(texts) {
            bytes += text.len() as u64;
            let id = format!("synth-{i:07}");
            match (&format, &mut file) {
                (Format::Csv, Some(f)) => writeln!(f, "{id},\"{}\"\r", text.replace('"', "\"\""))?,
                (Format::Jsonl, Some(f)) => {
                    writeln!(f, "{}", serde_json::json!({ "id": id, "text": text }))?;
                }
                _ => {
                    let dir = out.join(format!("{:04}", i / 1000));
                    if i % 1000 == 0 || i == first {
                        std::fs::create_dir_all(&dir)
                            .with_context(|| format!("cannot create {}", dir.display()))?;
                    }
                    let path = dir.join(format!("{id}.txt"));
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
        }
    }
    if let Some(f) = file {
        let tmp = f.into_inner().map_err(|e| e.into_error())?;
        let _hold = super::signals::Cleanup::hold();
        tmp.persist(out)
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    super::signals::Cleanup::forget();
    super::term::message!(
        "reviewlens: wrote {} synthetic reviews ({:.1} MB) to {}",
        args.reviews,
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
