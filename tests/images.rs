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
        (
            "dotdot-inside",
            "seals/../../elsewhere/other-agency-seal.png".to_string(),
        ),
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
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{case} took long"
        );
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
    let o = common::gongwen(&[
        "check",
        input.to_str().unwrap(),
        "--assets",
        "/nonexistent-gongwen",
    ]);
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
        .args([
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
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

// ---- PNG files made for the tests ------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// One PNG chunk: length, type, data, CRC.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut covered = kind.to_vec();
    covered.extend_from_slice(data);
    c.extend_from_slice(&crc32(&covered).to_be_bytes());
    c
}

/// The chunks of a PNG file: type and data.
fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let mut out = Vec::new();
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        out.push((kind, png[at + 8..at + 8 + len].to_vec()));
        at += 12 + len;
    }
    out
}

/// A PNG of `width` × `height` RGBA pixels of one colour, by the png crate.
fn plain_png(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    e.set_compression(png::Compression::Fast);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&rgba.repeat((width * height) as usize))
        .unwrap();
    w.finish().unwrap();
    out
}

/// A zlib stream that inflates to `n` zero bytes (about), small: the IDAT
/// data of a blank grey image.
fn zlib_bomb(n: usize) -> Vec<u8> {
    let width = 16_384u32;
    let height = (n / (width as usize + 1)).max(1) as u32;
    let mut png = Vec::new();
    let mut e = png::Encoder::new(&mut png, width, height);
    e.set_color(png::ColorType::Grayscale);
    e.set_compression(png::Compression::Fast);
    e.set_filter(png::Filter::NoFilter);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&vec![0; (width * height) as usize])
        .unwrap();
    w.finish().unwrap();
    chunks(&png)
        .into_iter()
        .filter(|(k, _)| k == b"IDAT")
        .flat_map(|(_, d)| d)
        .collect()
}

/// `png` with `extra` chunks inserted right after its IHDR.
fn with_chunks(png: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
    let ihdr_end = 8 + 12 + 13;
    let mut out = png[..ihdr_end].to_vec();
    for c in extra {
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&png[ihdr_end..]);
    out
}

/// An APNG: its default image red, then `frames - 1` more frames in green.
fn apng(frames: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, 60, 60);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    e.set_animated(frames, 0).unwrap();
    let mut w = e.write_header().unwrap();
    w.write_image_data(&[255, 0, 0, 255].repeat(3600)).unwrap();
    for _ in 1..frames {
        w.write_image_data(&[0, 255, 0, 255].repeat(3600)).unwrap();
    }
    w.finish().unwrap();
    out
}

/// The files in a zip package (a .docx or an .ofd) whose names end in `.png`.
fn pngs_in(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".png") {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            out.push((f.name().to_string(), bytes));
        }
    }
    out
}

/// How many images a PDF holds: its image XObjects less their soft masks
/// (an image with alpha is two objects, the colour and its /SMask).
fn pdf_images(pdf: &[u8]) -> usize {
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"/Subtype/Image") - count(b"/SMask")
}

#[test]
fn one_image_named_many_times_is_read_and_embedded_once() {
    let dir = temp("img-once");
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    std::fs::copy(fixture("seals/demo-bureau.png"), dir.join("seals/a.png")).unwrap();
    std::fs::copy(fixture("seals/demo-office.png"), dir.join("seals/b.png")).unwrap();
    // 300 references to one seal, by two spellings, and one to another
    let mut names = vec!["seals/a.png"; 150];
    names.extend(vec!["./seals/../seals/a.png"; 150]);
    names.push("seals/b.png");
    let (o, out) = build_in(
        &dir,
        "many",
        &sealed(&names),
        &["--formats", "docx,pdf,ofd"],
    );
    built(&o, "300 references");
    let docx = std::fs::read(out.join("many.docx")).unwrap();
    let ofd = std::fs::read(out.join("many.ofd")).unwrap();
    let pdf = std::fs::read(out.join("many.pdf")).unwrap();
    assert_eq!(pngs_in(&docx).len(), 2, "media parts in the .docx");
    assert_eq!(pngs_in(&ofd).len(), 2, "image resources in the OFD");
    assert_eq!(pdf_images(&pdf), 2, "image objects in the PDF");
    // each is drawn every time it is named
    let document = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
        let mut s = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert_eq!(document.matches("<w:drawing>").count(), 301);
}

#[test]
fn a_document_s_images_stay_within_the_count_and_pixel_budget() {
    let dir = temp("img-budget");
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    let names: Vec<String> = (0..17)
        .map(|i| {
            let name = format!("seals/s{i}.png");
            std::fs::write(dir.join(&name), plain_png(40 + i, 40, [200, 0, 0, 255])).unwrap();
            name
        })
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (o, _) = build_in(&dir, "sixteen", &sealed(&refs[..16]), &[]);
    built(&o, "16 distinct images");
    let (o, out) = build_in(&dir, "seventeen", &sealed(&refs), &[]);
    let err = refused(&o, &out, "17 distinct images");
    assert!(err.contains("at most 16 different images"), "{err}");
    assert!(
        err.contains("blocks[18].signature.agencies[0].seal"),
        "{err}"
    );
    // two images at the largest size fit; a third does not
    for i in 0..3 {
        std::fs::write(
            dir.join(format!("seals/big{i}.png")),
            plain_png(4000, 4000, [200, 0, 0, 255]),
        )
        .unwrap();
    }
    let (o, _) = build_in(
        &dir,
        "two-big",
        &sealed(&["seals/big0.png", "seals/big1.png"]),
        &[],
    );
    built(&o, "two 4000 × 4000 images");
    let three = [
        "seals/big0.png",
        "seals/big1.png",
        "seals/big2.png",
        "seals/big0.png",
    ];
    let (o, out) = build_in(&dir, "three-big", &sealed(&three), &[]);
    let err = refused(&o, &out, "three 4000 × 4000 images");
    assert!(err.contains("at most 32000000 pixels together"), "{err}");
    assert_eq!(err.matches("error").count(), 1, "{err}");
}

#[test]
fn only_the_pixels_of_an_image_reach_the_files_re_encoded_the_same_every_time() {
    let dir = temp("img-pixels");
    std::fs::create_dir_all(dir.join("seals")).unwrap();
    let red = plain_png(60, 60, [255, 0, 0, 255]);
    let mut iccp = b"bomb\0\0".to_vec();
    iccp.extend(zlib_bomb(256 << 20));
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend(zlib_bomb(256 << 20));
    let gps = b"GPS\0 39.9042N 116.4074E".to_vec();
    let mut exif = b"MM\0*".to_vec();
    exif.extend_from_slice(b"GPS 39.9042N 116.4074E");
    let cases = [
        ("iccp", with_chunks(&red, &[chunk(b"iCCP", &iccp)])),
        ("ztxt", with_chunks(&red, &[chunk(b"zTXt", &ztxt)])),
        (
            "gps",
            with_chunks(&red, &[chunk(b"tEXt", &gps), chunk(b"eXIf", &exif)]),
        ),
        ("apng", apng(300)),
        // 16 bits a sample, with a colour key (a 16-bit tRNS)
        ("sixteen", {
            let mut out = Vec::new();
            let mut e = png::Encoder::new(&mut out, 60, 60);
            e.set_color(png::ColorType::Rgb);
            e.set_depth(png::BitDepth::Sixteen);
            e.set_trns(vec![0, 0, 0, 0, 0, 0]);
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[255, 255, 0, 0, 0, 0].repeat(3600))
                .unwrap();
            w.finish().unwrap();
            out
        }),
        // a palette image with transparency, 2 bits a pixel
        ("palette", {
            let mut out = Vec::new();
            let mut e = png::Encoder::new(&mut out, 60, 60);
            e.set_color(png::ColorType::Indexed);
            e.set_depth(png::BitDepth::Two);
            e.set_palette(vec![255, 0, 0, 0, 0, 0]);
            e.set_trns(vec![255, 0]);
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[0; 15 * 60]).unwrap();
            w.finish().unwrap();
            out
        }),
    ];
    for (name, bytes) in &cases {
        assert!(bytes.len() < 4 << 20, "{name}: {} bytes", bytes.len());
        std::fs::write(dir.join(format!("seals/{name}.png")), bytes).unwrap();
        let seal = format!("seals/{name}.png");
        let mut outputs = Vec::new();
        for round in 0..2 {
            let started = Instant::now();
            let (o, out) = build_in(
                &dir,
                &format!("{name}-{round}"),
                &sealed(&[&seal]),
                &["--formats", "docx,pdf,ofd"],
            );
            built(&o, name);
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{name} took long"
            );
            let file =
                |ext: &str| std::fs::read(out.join(format!("{name}-{round}.{ext}"))).unwrap();
            outputs.push([file("docx"), file("pdf"), file("ofd")]);
        }
        assert!(outputs[0] == outputs[1], "{name}: two builds differ");
        let [docx, _, ofd] = &outputs[0];
        for (package, bytes) in [("docx", docx), ("ofd", ofd)] {
            let pngs = pngs_in(bytes);
            assert_eq!(pngs.len(), 1, "{name}.{package}");
            let kinds: Vec<String> = chunks(&pngs[0].1)
                .iter()
                .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
                .collect();
            for k in &kinds {
                assert!(
                    ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"].contains(&k.as_str()),
                    "{name}.{package}: chunk {k} in {kinds:?}"
                );
            }
            // the default image, red, opaque
            let mut decoder = png::Decoder::new(std::io::Cursor::new(&pngs[0].1));
            decoder.set_transformations(png::Transformations::normalize_to_color8());
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert_eq!((info.width, info.height), (60, 60), "{name}");
            let first = &buf[..info.color_type.samples()];
            assert_eq!(&first[..3], &[255, 0, 0], "{name}: not the default image");
            assert!(first.len() == 3 || first[3] == 255, "{name}: {first:?}");
        }
    }
}
