//! Writing the files of one input as a set: the .docx and the .pdf (and any
//! other format) are replaced together or not at all.
//!
//! 1. Every file is written to a temporary name beside its target and synced.
//!    A failure here (disk full, a folder in the way) removes the temporaries
//!    and leaves every old file as it was.
//! 2. The existing targets are hard-linked to backup names, then each
//!    temporary is renamed over its target. If a rename fails, the targets
//!    already replaced are restored from their backups.
//! 3. The backups are removed.
//!
//! Temporary and backup names carry the process id and a counter, so
//! concurrent builds of the same input never touch each other's files. A
//! build killed by SIGINT/SIGTERM/SIGHUP removes its temporaries before it
//! exits (see [`install_signal_cleanup`]); one killed harder leaves them, and
//! the next build removes those whose process is gone.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::error::Error;

/// Temporary and backup files this process has created and not yet
/// removed or renamed; the signal handler deletes them.
fn pending() -> &'static Mutex<BTreeSet<PathBuf>> {
    static PENDING: OnceLock<Mutex<BTreeSet<PathBuf>>> = OnceLock::new();
    PENDING.get_or_init(Default::default)
}

/// Held while targets are being replaced, so a signal waits for the set to be
/// complete (a few renames) instead of leaving a new .docx beside an old .pdf.
static COMMIT: Mutex<()> = Mutex::new(());

fn track(p: &Path) {
    if let Ok(mut s) = pending().lock() {
        s.insert(p.to_path_buf());
    }
}

fn untrack(p: &Path) {
    if let Ok(mut s) = pending().lock() {
        s.remove(p);
    }
}

/// Removes a file this process created and forgets it.
fn discard(p: &Path) {
    let _ = fs::remove_file(p);
    untrack(p);
}

/// On SIGINT, SIGTERM or SIGHUP: wait for a replacement in progress to finish,
/// remove every temporary and backup file of this process, and exit with 130.
/// Call once, from `main`.
pub fn install_signal_cleanup() {
    let _ = ctrlc::set_handler(|| {
        let _guard = COMMIT.lock();
        if let Ok(files) = pending().lock() {
            for f in files.iter() {
                let _ = fs::remove_file(f);
            }
        }
        std::process::exit(130);
    });
}

/// Writes one file atomically (a set of one).
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), Error> {
    write_set(&[(path.to_path_buf(), data)])
}

/// Replaces every `(path, bytes)` together: afterwards either all targets
/// hold the new bytes or all hold what they held before.
pub fn write_set(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    for (path, _) in files {
        if path.is_dir() {
            return Err(io_error(
                path,
                "io.write",
                std::io::Error::other(crate::i18n::t!("io.folder_in_the_way").to_string()),
            ));
        }
        remove_stale_temporaries(path);
    }
    let mut temps = Vec::with_capacity(files.len());
    for (path, data) in files {
        match write_temp(path, data) {
            Ok(t) => temps.push(t),
            Err(e) => {
                temps.iter().for_each(|t: &PathBuf| discard(t));
                return Err(e);
            }
        }
    }
    let _guard = COMMIT.lock().unwrap_or_else(|p| p.into_inner());
    let targets: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let result = replace_all(&targets, &temps);
    temps.iter().for_each(|t| discard(t));
    result
}

/// Step 1: the bytes in a synced temporary file beside the target.
fn write_temp(path: &Path, data: &[u8]) -> Result<PathBuf, Error> {
    let tmp = sibling(path, "tmp");
    track(&tmp);
    let result = (|| {
        // created under the lock the signal handler holds until the process
        // exits: a file is either created before the handler removes what is
        // tracked, or never (a SIGTERM between `track` and `create` left the
        // temporary behind once builds got fast enough to be killed there)
        let mut f = {
            let _guard = COMMIT.lock().unwrap_or_else(|p| p.into_inner());
            fs::File::create(&tmp)?
        };
        f.write_all(data)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            discard(&tmp);
            Err(io_error(path, "io.write", e))
        }
    }
}

/// Steps 2 and 3: back up, rename every temporary over its target, restore
/// on failure, drop the backups.
fn replace_all(targets: &[&Path], temps: &[PathBuf]) -> Result<(), Error> {
    // a backup per existing target (None: there was no file, or the file
    // system has no hard links; then a failed set removes the new file)
    let backups: Vec<Option<PathBuf>> = targets.iter().map(|t| backup(t)).collect();
    let mut done = 0;
    let mut failure = None;
    for (target, tmp) in targets.iter().zip(temps) {
        match fs::rename(tmp, target) {
            Ok(()) => {
                untrack(tmp);
                done += 1;
            }
            Err(e) => {
                failure = Some(io_error(target, "io.replace", e));
                break;
            }
        }
    }
    if failure.is_some() {
        for (target, b) in targets.iter().zip(&backups).take(done) {
            match b {
                Some(b) => {
                    let _ = fs::rename(b, target);
                }
                None => {
                    let _ = fs::remove_file(target);
                }
            }
        }
    }
    for b in backups.iter().flatten() {
        discard(b);
    }
    if done > 0 {
        sync_folder(targets[0]);
    }
    failure.map_or(Ok(()), Err)
}

/// Hard-links an existing target to a backup name.
fn backup(target: &Path) -> Option<PathBuf> {
    if !target.is_file() {
        return None;
    }
    let b = sibling(target, "bak");
    track(&b);
    match fs::hard_link(target, &b) {
        Ok(()) => Some(b),
        Err(_) => {
            untrack(&b);
            None
        }
    }
}

/// Makes the renames durable (POSIX: a rename is recorded in the folder).
fn sync_folder(target: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(folder_of(target)) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = target;
}

fn io_error(path: &Path, action: &'static str, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.NAME.KIND-PID-N` beside the target: hidden, unique per process and call.
fn sibling(path: &Path, kind: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{kind}-{}-{n}", std::process::id()))
}

/// Removes `.NAME.tmp-PID-N` and `.NAME.bak-PID-N` files left by builds that
/// were killed: only those whose process no longer runs (where that can be
/// told), or that are over an hour old.
fn remove_stale_temporaries(path: &Path) {
    let Some(name) = path.file_name() else { return };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(folder_of(path)) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = ["tmp", "bak"]
            .iter()
            .find_map(|k| file.strip_prefix(&format!(".{name}.{k}-")))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && is_abandoned(pid, &e.path()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a temporary file of process `pid` can no longer be in use.
fn is_abandoned(pid: u32, file: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    let age = fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a.as_secs() > 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gongwen-out-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let d = dir("replace");
        let p = d.join("a.docx");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(names(&d), ["a.docx"]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn refuses_a_folder_in_the_way() {
        let d = dir("folder");
        fs::create_dir_all(d.join("x.pdf")).unwrap();
        let e = write_atomic(&d.join("x.pdf"), b"z").unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_set_that_cannot_be_completed_keeps_every_old_file() {
        let d = dir("set");
        let (docx, pdf) = (d.join("x.docx"), d.join("x.pdf"));
        write_set(&[(docx.clone(), b"old docx"), (pdf.clone(), b"old pdf")]).unwrap();
        // the rename of the second file fails: its target became a non-empty folder
        fs::remove_file(&pdf).unwrap();
        fs::create_dir_all(pdf.join("inside")).unwrap();
        let targets = [docx.as_path(), pdf.as_path()];
        let temps = [
            write_temp(&docx, b"new docx").unwrap(),
            write_temp(&pdf, b"new pdf").unwrap(),
        ];
        assert!(replace_all(&targets, &temps).is_err());
        temps.iter().for_each(|t| discard(t));
        assert_eq!(fs::read(&docx).unwrap(), b"old docx");
        assert_eq!(names(&d), ["x.docx", "x.pdf"]);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn stale_files_of_dead_processes_are_removed_and_live_ones_kept() {
        let d = dir("stale");
        let target = d.join("r.pdf");
        // a pid that cannot be running (above the kernel's maximum)
        let dead = d.join(".r.pdf.tmp-4194305-0");
        let mine = d.join(format!(".r.pdf.tmp-{}-99", std::process::id()));
        fs::write(&dead, b"x").unwrap();
        fs::write(&mine, b"x").unwrap();
        remove_stale_temporaries(&target);
        assert!(!dead.exists());
        assert!(mine.exists());
        fs::remove_dir_all(&d).unwrap();
    }
}
