//! Writing output files safely: each file is written to a temporary file in
//! the same folder and renamed over the target, so a reader (or a crash) only
//! ever sees the previous file or the complete new one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `data` to `path` atomically.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), Error> {
    let io = |action: &'static str| {
        move |source| Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    if path.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            action: "write the output file",
            source: std::io::Error::other("a folder of that name is in the way"),
        });
    }
    remove_stale_temporaries(path);
    let tmp = temp_name(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(io("create a temporary file next to"))?;
        f.write_all(data).map_err(io("write"))?;
        f.sync_all().map_err(io("flush"))?;
        fs::rename(&tmp, path).map_err(io("replace"))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A build killed between writing and renaming leaves `.NAME.tmp-PID`
/// behind; the next build of the same file removes it.
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// `.NAME.tmp-PID` beside the target: hidden, unique per process.
fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("gongwen-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.docx");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_folder_in_the_way() {
        let dir = std::env::temp_dir().join(format!("gongwen-dir-{}", std::process::id()));
        fs::create_dir_all(dir.join("x.pdf")).unwrap();
        let e = write_atomic(&dir.join("x.pdf"), b"z").unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
