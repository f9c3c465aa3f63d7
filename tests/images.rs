//! Seal and stamp images from untrusted input (issue 21): an input reads
//! only the images of its own folder (and of `--assets` folders), each image
//! is read, decoded and embedded once however often it is named, within a
//! budget, and what reaches the files is the decoded pixels re-encoded,
//! without any other chunk of the file given.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{build_with, files_in as files, stderr, temp_dir as temp};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A document whose 落款 carries one seal per name in `seals`, each in its
/// own signature block.
fn sealed(seals: &[&str]) -> String {
    let signatures: Vec<String> = seals
        .iter()
        .map(|s| {
            let s = serde_json::to_string(s).unwrap();
            format!(
                r#"{{"signature": {{"agencies": [{{"name": "某某市示例局", "seal": {s}}}], "date": "2025-03-01"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"kind": "document", "blocks": [{{"title": "关于测试的通知"}}, {{"paragraph": "正文。"}}, {}]}}"#,
        signatures.join(", ")
    )
}

/// Writes `json` as `dir/name.json` and builds it into `dir/out-name`.
fn build_in(dir: &Path, name: &str, json: &str, extra: &[&str]) -> (Output, PathBuf) {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, json).unwrap();
    let out = dir.join(format!("out-{name}"));
    (build_with(&input, &out, extra), out)
}

fn built(o: &Output, what: &str) {
    assert!(o.status.success(), "{what}: {}", stderr(o));
}

/// The error of a build that must fail, with nothing written.
fn refused(o: &Output, out: &Path, what: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(files(out).is_empty(), "{what}: {:?}", files(out));
    err
}

/// The one message for an image outside the allowed folders, whatever the
/// file: the name as written, nothing about the file.
fn outside_message(name: &str) -> String {
    format!("no image “{name}” among the files this input may use")
}

#[test]
fn images_outside_the_input_folder_are_refused_alike_whether_there_or_not() {
    let dir = temp("img-confined");
    let (input_dir, elsewhere) = (dir.join("in"), dir.join("elsewhere"));
    std::fs::create_dir_all(input_dir.join("seals/sub")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let seal = fixture("seals/demo-bureau.png");
    std::fs::copy(&seal, elsewhere.join("other-agency-seal.png")).unwrap();
    std::fs::copy(&seal, input_dir.join("seals/sub/own.png")).unwrap();
    // a file over the size limit, outside: its size must not be told
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(5 * 1024 * 1024 + 17, 0);
    std::fs::write(elsewhere.join("big.png"), big).unwrap();
    let other = elsewhere.join("other-agency-seal.png");
    let other = other.to_str().unwrap();
    let mut messages = Vec::new();
    for (case, name) in [
        ("absolute", other.to_string()),
        ("dotdot", "../elsewhere/other-agency-seal.png".to_string()),
        ("dotdot-inside", "seals/../../elsewhere/other-agency-seal.png".to_string()),
        ("missing-outside", "../elsewhere/none.png".to_string()),
        ("missing-absolute", "/nonexistent-gongwen/x.png".to_string()),
        ("big-outside", "../elsewhere/big.png".to_string()),
        ("passwd", "/etc/passwd".to_string()),
        ("pagemap", "/proc/self/pagemap".to_string()),
        ("kmsg", "/proc/kmsg".to_string()),
        ("a-dir", "/usr".to_string()),
    ] {
        let started = Instant::now();
        let (o, out) = build_in(&input_dir, case, &sealed(&[&name]), &[]);
        let err = refused(&o, &out, case);
        assert!(started.elapsed() < Duration::from_secs(20), "{case} took long");
        assert!(err.contains(&outside_message(&name)), "{case}: {err}");
        for told in ["5242905", "bytes", "No such file", "not a PNG", "regular"] {
            assert!(!err.contains(told), "{case} tells “{told}”: {err}");
        }
        messages.push(err.replace(&name, "NAME").replace(case, "CASE"));
    }
    // one message whatever lies at the name
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:#?}");

    // inside the folder: a subfolder, and a link whose target stays inside
    let (o, _) = build_in(&input_dir, "sub", &sealed(&["seals/sub/own.png"]), &[]);
    built(&o, "a seal in a subfolder");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("sub/own.png", input_dir.join("seals/link.png")).unwrap();
        let (o, _) = build_in(&input_dir, "link-in", &sealed(&["seals/link.png"]), &[]);
        built(&o, "a link to a file inside");
        // a link inside the folder whose target is outside it is outside
        std::os::unix::fs::symlink(other, input_dir.join("seals/escape.png")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, input_dir.join("seals/away")).unwrap();
        for (case, name) in [
            ("link-out", "seals/escape.png"),
            ("dir-link-out", "seals/away/other-agency-seal.png"),
        ] {
            let (o, out) = build_in(&input_dir, case, &sealed(&[name]), &[]);
            let err = refused(&o, &out, case);
            assert!(err.contains(&outside_message(name)), "{case}: {err}");
        }
    }

    // --assets names the shared folder: by a relative or an absolute name,
    // and through a link that leads into it
    let assets = elsewhere.to_str().unwrap();
    for (case, name) in [
        ("shared-dotdot", "../elsewhere/other-agency-seal.png"),
        ("shared-absolute", other),
        #[cfg(unix)]
        ("shared-link", "seals/escape.png"),
    ] {
        let (o, _) = build_in(&input_dir, case, &sealed(&[name]), &["--assets", assets]);
        built(&o, case);
    }
    // … and nothing else
    let (o, out) = build_in(
        &input_dir,
        "shared-other",
        &sealed(&["/etc/passwd"]),
        &["--assets", assets],
    );
    refused(&o, &out, "shared-other");
    // check takes it too, and a folder that is not there is a wrong command line
    let input = input_dir.join("shared-dotdot.json");
    let o = common::gongwen(&["check", input.to_str().unwrap(), "--assets", assets]);
    built(&o, "check --assets");
    let o = common::gongwen(&["check", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = common::gongwen(&["check", input.to_str().unwrap(), "--assets", "/nonexistent-gongwen"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
}

/// Special files inside an allowed folder are refused or read within the
/// limit: a FIFO does not hang the build, a file whose size says 0 (as in
/// /proc) is read no further than the limit and one byte.
#[cfg(unix)]
#[test]
fn special_files_neither_hang_nor_read_past_the_limit() {
    let dir = temp("img-special");
    let fifo = dir.join("seal.png");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let input = dir.join("fifo.json");
    std::fs::write(&input, sealed(&["seal.png"])).unwrap();
    let out = dir.join("out-fifo");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--fonts", "bundled"])
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("a FIFO as a seal hangs the build");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let o = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    // /proc/self/pagemap says 0 bytes and holds gigabytes: with /proc/self
    // allowed, it is read to the limit and refused
    let (o, out) = build_in(
        &dir,
        "pagemap",
        &sealed(&["/proc/self/pagemap"]),
        &["--assets", "/proc/self"],
    );
    let err = refused(&o, &out, "pagemap");
    // (the last read, of one byte, is refused by pagemap itself: reads
    // there go by 8 bytes)
    assert!(
        err.contains("larger than the limit") || err.contains("Invalid argument"),
        "{err}"
    );
}
