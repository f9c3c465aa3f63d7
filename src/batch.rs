//! Building many inputs at once: collecting them from files and folders,
//! refusing two inputs that would write the same output, and building in
//! parallel on all cores. One bad input does not stop the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::i18n::t;
use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::{build_file, output_stem, Options};

/// Deepest folder nesting searched for inputs.
pub const MAX_FOLDER_DEPTH: usize = 32;
/// Most input files one command collects from folders.
pub const MAX_FOLDER_FILES: usize = 100_000;

/// Expands folders into the `*.json` files inside them (recursively, sorted);
/// files are kept as given. Symbolic links to folders are not followed (two
/// links to each other would never end); depth and file count are limited.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, 0, &mut found)?;
            if found.is_empty() {
                return Err(t!("batch.no_json_files", folder = p.display()).into());
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> Result<(), String> {
    if depth > MAX_FOLDER_DEPTH {
        return Err(t!(
            "batch.too_deep",
            folder = dir.display(),
            max = MAX_FOLDER_DEPTH
        )
        .into());
    }
    let unreadable = |e: std::io::Error| -> String {
        t!(
            "batch.unreadable_folder",
            folder = dir.display(),
            reason = crate::error::io_reason(&e)
        )
        .into()
    };
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        // the entry's own type: a symbolic link is not followed into a folder
        let kind = entry.file_type().map_err(unreadable)?;
        if kind.is_dir() {
            walk(&path, depth + 1, found)?;
        } else if path.extension().is_some_and(|e| e == "json") && !path.is_dir() {
            if found.len() == MAX_FOLDER_FILES {
                return Err(t!(
                    "batch.too_many_files",
                    folder = dir.display(),
                    max = MAX_FOLDER_FILES
                )
                .into());
            }
            found.push(path);
        }
    }
    Ok(())
}

/// Two inputs with the same file name would overwrite each other's output
/// (`extensions`: the formats being written).
pub fn check_unique_outputs(inputs: &[PathBuf], extensions: &[&str]) -> Result<(), String> {
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    for i in inputs {
        let stem = output_stem(i);
        if let Some(first) = seen.insert(stem.clone(), i) {
            let files: Vec<String> = extensions.iter().map(|e| format!("{stem}.{e}")).collect();
            return Err(t!(
                "batch.same_output",
                first = first.display(),
                second = i.display(),
                files = files.join(&t!("text.list_separator"))
            )
            .into());
        }
    }
    Ok(())
}

/// What happened to one input: its warnings, or why it failed. The built
/// bytes are not kept: they are on disk, and a batch of thousands would
/// otherwise hold every file in memory until the end.
pub struct Outcome {
    pub input: PathBuf,
    pub result: Result<Vec<Diagnostic>, Error>,
}

/// Builds every input into `out_dir` in parallel, calling `done` as each finishes.
/// Results come back in input order.
pub fn build_all(
    inputs: &[PathBuf],
    out_dir: &Path,
    options: &Options,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    inputs
        .par_iter()
        .map(|input| {
            let outcome = Outcome {
                input: input.clone(),
                result: build_file(input, out_dir, options).map(|built| built.warnings),
            };
            done(&outcome);
            outcome
        })
        .collect()
}
