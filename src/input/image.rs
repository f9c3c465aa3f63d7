//! Seal and signature-stamp images: PNG files named relative to the input
//! file, checked completely (a full decode) before anything is written, and
//! sized to their printed dimensions.

use crate::i18n::t;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::error::{clip, Diagnostic};
use crate::model::Image;
use crate::style::mm_to_twips;

/// Largest image file accepted.
pub const MAX_IMAGE_BYTES: u64 = 4 * 1024 * 1024;
/// Largest image side in pixels (a 42 mm seal at 1200 dpi is about 2 000).
pub const MAX_IMAGE_SIDE: u32 = 4_000;
/// Printed sizes a user may ask for, in millimetres.
pub const IMAGE_MM: std::ops::RangeInclusive<f64> = 10.0..=80.0;

/// Where the images a document names (seals, stamps) are read from.
#[derive(Debug, Clone, Default)]
pub enum Assets {
    /// Nowhere: an input naming an image is an error.
    #[default]
    None,
    /// Files named relative to this folder, the input file's (the command
    /// line): only files inside it or its subfolders are read (see `Folders`).
    Folder(PathBuf),
    /// Files named relative to `base` (the input file's folder) that lie
    /// inside `base` or inside one of `shared` (folders the operator names
    /// with `--assets`), as Typst confines files to its `--root`: the name
    /// is resolved with every symbolic link followed, and the file it
    /// reaches must be inside one of them. Anything else is refused with one
    /// message that says nothing of the file (not whether it exists).
    Folders { base: PathBuf, shared: Vec<PathBuf> },
    /// Only the files sent with a request, by the name the input gives them
    /// (a server): nothing is read from the server's own disk.
    Uploaded(BTreeMap<String, Arc<Vec<u8>>>),
}

impl Assets {
    /// The bytes of the image `name`, or why there are none.
    fn read(&self, name: &str) -> Result<Vec<u8>, Cow<'static, str>> {
        match self {
            Assets::None => Err(t!("image.no_folder", name = clip(name, 80))),
            Assets::Folder(base) => read_confined(base, &[], name),
            Assets::Folders { base, shared } => read_confined(base, shared, name),
            Assets::Uploaded(files) => {
                if !is_relative_inside(name) {
                    return Err(t!("image.outside_uploads", name = clip(name, 80)));
                }
                match files.get(name) {
                    Some(bytes) if bytes.len() as u64 > MAX_IMAGE_BYTES => Err(t!(
                        "image.too_many_bytes",
                        path = clip(name, 80),
                        max = MAX_IMAGE_BYTES
                    )),
                    Some(bytes) => Ok(bytes.to_vec()),
                    None => Err(t!("image.not_uploaded", name = clip(name, 80))),
                }
            }
        }
    }
}

/// Whether `name` is a relative path that stays inside its folder: no root,
/// no drive, no `..`, no backslash (a Windows separator a client may send).
pub fn is_relative_inside(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The file `name` (relative to `base`, or absolute) with every symbolic
/// link resolved, if it lies inside `base` or one of `shared`; `None` for a
/// file that is not there as for one outside them, so that the answer tells
/// nothing of files elsewhere.
fn resolve_confined(base: &Path, shared: &[PathBuf], name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains('\0') {
        return None;
    }
    let real = std::fs::canonicalize(base.join(name)).ok()?;
    std::iter::once(base)
        .chain(shared.iter().map(PathBuf::as_path))
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .any(|root| real.starts_with(root))
        .then_some(real)
}

/// Reads the image `name` if it lies inside `base` or one of `shared`.
fn read_confined(
    base: &Path,
    shared: &[PathBuf],
    name: &str,
) -> Result<Vec<u8>, Cow<'static, str>> {
    let shown = clip(name, 80);
    match resolve_confined(base, shared, name) {
        Some(real) => read_file(&real, &shown),
        None => Err(t!("image.not_found", name = shown)),
    }
}

/// Reads an image file (`path` already resolved) of at most
/// `MAX_IMAGE_BYTES`: only a regular file, opened without blocking (a FIFO
/// swapped in after the check cannot hang the build), and never more than
/// the limit and one byte (a file whose size says 0, as in /proc, or that
/// grows while it is read, cannot make it read more).
fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>, Cow<'static, str>> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        t!(
            "image.unreadable",
            path = shown,
            reason = crate::error::io_reason(&e)
        )
    };
    let not_a_file = || t!("image.not_a_file", path = shown);
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err(not_a_file());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(unreadable)?;
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(t!("image.too_many_bytes", path = shown, max = MAX_IMAGE_BYTES));
    }
    Ok(bytes)
}

/// Reads the image `name` from `assets` as a PNG printed `width_mm` wide
/// (height by its aspect ratio).
pub fn load_png(
    assets: &Assets,
    name: &str,
    width_mm: f64,
    location: &str,
) -> Result<Image, Diagnostic> {
    let fail = |msg: std::borrow::Cow<str>| Diagnostic::error(location, msg);
    if !IMAGE_MM.contains(&width_mm) {
        return Err(fail(t!(
            "image.size_outside",
            mm = width_mm,
            min = IMAGE_MM.start(),
            max = IMAGE_MM.end()
        )));
    }
    let bytes = assets.read(name).map_err(fail)?;
    let shown = clip(name, 80);
    let (width_px, height_px) =
        decode_png(&bytes).map_err(|e| fail(t!("image.not_png", path = shown, reason = e)))?;
    if width_px > MAX_IMAGE_SIDE || height_px > MAX_IMAGE_SIDE {
        return Err(fail(t!(
            "image.too_many_pixels",
            path = shown,
            width = width_px,
            height = height_px,
            max = MAX_IMAGE_SIDE
        )));
    }
    let width = mm_to_twips(width_mm);
    let height = (width as f64 * height_px as f64 / width_px as f64).round() as i32;
    Ok(Image {
        png: Arc::new(bytes),
        width_px,
        height_px,
        width,
        height,
    })
}

fn decode_png(bytes: &[u8]) -> Result<(u32, u32), String> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(t!("image.no_png_signature").into());
    }
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w == 0 || h == 0 || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Ok((w, h));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| t!("image.too_large_to_decode").to_string())?;
    let mut buf = vec![0; size];
    reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Assets {
        Assets::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
    }

    fn seal_bytes() -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seals/demo-bureau.png"))
            .unwrap()
    }

    #[test]
    fn uploaded_images_are_found_by_name_only() {
        let files = BTreeMap::from([("seals/a.png".to_string(), Arc::new(seal_bytes()))]);
        let up = Assets::Uploaded(files);
        assert!(load_png(&up, "seals/a.png", 42.0, "x").is_ok());
        assert!(load_png(&up, "./seals/a.png", 42.0, "x").is_err());
        for outside in [
            "../seals/a.png",
            "/etc/passwd",
            "seals/../../a.png",
            "seals\\a.png",
            "",
        ] {
            let e = load_png(&up, outside, 42.0, "sig").unwrap_err();
            assert!(e.message.contains("uploaded"), "{outside}: {}", e.message);
        }
        let e = load_png(&up, "seals/b.png", 42.0, "sig").unwrap_err();
        assert!(e.message.contains("seals/b.png"), "{}", e.message);
        // the server's own fixtures are never read for an upload
        assert!(load_png(&up, "seals/demo-bureau.png", 42.0, "x").is_err());
    }

    #[test]
    fn a_seal_is_read_and_sized() {
        let img = load_png(&fixtures(), "seals/demo-bureau.png", 42.0, "x").unwrap();
        assert_eq!((img.width_px, img.height_px), (600, 600));
        assert_eq!(img.width, mm_to_twips(42.0));
        assert_eq!(img.height, img.width);
    }

    #[test]
    fn missing_broken_and_oversized_images_are_errors() {
        let e = load_png(&fixtures(), "seals/none.png", 42.0, "sig").unwrap_err();
        assert!(e.message.contains("no image"), "{}", e.message);
        assert_eq!(e.location, "sig");
        let e = load_png(&fixtures(), "notice.json", 42.0, "sig").unwrap_err();
        assert!(e.message.contains("not a PNG"), "{}", e.message);
        let e = load_png(&fixtures(), "seals/demo-bureau.png", 200.0, "sig").unwrap_err();
        assert!(e.message.contains("outside"), "{}", e.message);
        let e = load_png(&Assets::None, "seals/demo-bureau.png", 42.0, "sig").unwrap_err();
        assert!(e.message.contains("relative to the input"), "{}", e.message);
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let bytes = seal_bytes();
        assert!(decode_png(&bytes[..bytes.len() / 2]).is_err());
        assert!(decode_png(&bytes).is_ok());
    }
}
