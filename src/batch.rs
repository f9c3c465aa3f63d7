//! Building many inputs at once: collecting them from files and folders,
//! refusing two inputs that would write the same output, and building in
//! parallel on all cores. One bad input does not stop the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::{build_file, output_stem, Options};

/// Expands folders into the `*.json` files inside them (recursively, sorted);
/// files are kept as given.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)
                .map_err(|e| format!("{}: cannot read the folder: {e}", p.display()))?;
            if found.is_empty() {
                return Err(format!("{}: the folder has no .json files", p.display()));
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
    Ok(())
}

/// Two inputs with the same file name would overwrite each other's output.
pub fn check_unique_outputs(inputs: &[PathBuf]) -> Result<(), String> {
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    for i in inputs {
        let stem = output_stem(i);
        if let Some(first) = seen.insert(stem.clone(), i) {
            return Err(format!(
                "{} and {} would both write {stem}.docx and {stem}.pdf; rename one or build them into different folders",
                first.display(),
                i.display()
            ));
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
