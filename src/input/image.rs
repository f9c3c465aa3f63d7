//! Seal and signature-stamp images: PNG files named relative to the input
//! file, checked completely (a full decode) before anything is written,
//! loaded once per document however often they are named, re-encoded from
//! their pixels alone, and sized to their printed dimensions.

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

/// Width over height a seal may have: between 1:2 and 2:1. A 公章 is round
/// or oval (an oval seal is about 3:2), and the bound leaves room for a scan
/// with a margin; a taller image at the seal's width (42 mm by default, up to
/// 80) would run the 落款 off the page: 1:2 at 80 mm is 160 mm tall, which
/// still stands with its name and date on one page.
pub const SEAL_ASPECT: std::ops::RangeInclusive<f64> = 0.5..=2.0;
/// Width over height a signature stamp (签名章) may have: between 1:2 and
/// 3:1, a name stamp upright or lying, or a signature written wide. 1:2 at
/// 80 mm with the 职务 beside it and the date under it fits on one page.
pub const STAMP_ASPECT: std::ops::RangeInclusive<f64> = 0.5..=3.0;

/// Checks that an image's width over height is within `aspect`; `what` is
/// the catalogue key naming the image's use.
pub fn check_aspect(
    img: &Image,
    aspect: std::ops::RangeInclusive<f64>,
    name: &str,
    what: &str,
    location: &str,
) -> Result<(), Diagnostic> {
    let ratio = img.width_px as f64 / img.height_px.max(1) as f64;
    if aspect.contains(&ratio) {
        return Ok(());
    }
    let shown = |r: f64| {
        if r >= 1.0 {
            format!("{}:1", (r * 100.0).round() / 100.0)
        } else {
            format!("1:{}", (100.0 / r).round() / 100.0)
        }
    };
    Err(Diagnostic::error(
        location,
        t!(
            "image.aspect",
            what = t!(what),
            path = clip(name, 80),
            width = img.width_px,
            height = img.height_px,
            ratio = shown(ratio),
            min = shown(*aspect.start()),
            max = shown(*aspect.end())
        ),
    ))
}

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
    /// Where the image `name` is (its file with every link resolved, or its
    /// upload), or why it cannot be used.
    fn locate(&self, name: &str) -> Result<Source, Cow<'static, str>> {
        let shown = || clip(name, 80);
        match self {
            Assets::None => Err(t!("image.no_folder", name = shown())),
            Assets::Folder(base) => resolve_confined(base, &[], name)
                .map(Source::File)
                .ok_or_else(|| t!("image.not_found", name = shown())),
            Assets::Folders { base, shared } => resolve_confined(base, shared, name)
                .map(Source::File)
                .ok_or_else(|| t!("image.not_found", name = shown())),
            Assets::Uploaded(files) => {
                if !is_relative_inside(name) {
                    return Err(t!("image.outside_uploads", name = shown()));
                }
                if !files.contains_key(name) {
                    return Err(t!("image.not_uploaded", name = shown()));
                }
                Ok(Source::Upload(name.to_string()))
            }
        }
    }

    /// The bytes of an image found by `locate`; `shown` names it in messages.
    fn read(&self, source: &Source, shown: &str) -> Result<Cow<'_, [u8]>, Cow<'static, str>> {
        match (self, source) {
            (_, Source::File(path)) => read_file(path, shown).map(Cow::Owned),
            (Assets::Uploaded(files), Source::Upload(name)) => match files.get(name) {
                Some(bytes) if bytes.len() as u64 > MAX_IMAGE_BYTES => Err(t!(
                    "image.too_many_bytes",
                    path = shown,
                    max = MAX_IMAGE_BYTES
                )),
                Some(bytes) => Ok(Cow::Borrowed(bytes.as_slice())),
                None => Err(t!("image.not_uploaded", name = shown)),
            },
            (_, Source::Upload(name)) => Err(t!("image.not_uploaded", name = clip(name, 80))),
        }
    }
}

/// Where an image comes from: the key under which a document loads it once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// A file, its path with every symbolic link resolved.
    File(PathBuf),
    /// An uploaded file, by its name.
    Upload(String),
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
        // the path has no link left in it: a last component swapped for a
        // link after it was resolved is refused (ELOOP), not followed
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
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
        return Err(t!(
            "image.too_many_bytes",
            path = shown,
            max = MAX_IMAGE_BYTES
        ));
    }
    Ok(bytes)
}

/// Most distinct images one document may use. A 落款 holds at most six
/// seals (`MAX_SIGNATURE_AGENCIES`) and a document one 落款, or one per
/// attachment that is a document of its own; 16 leaves room for those.
pub const MAX_IMAGES: usize = 16;
/// Most pixels of all the distinct images of one document together: two
/// images at the largest size (4 000 × 4 000), or eight 2 000-pixel seals
/// (42 mm at 1 200 dpi). Each is decoded, re-encoded and, in the PDF,
/// decoded again, so this bounds the work and the memory images can cost
/// (about 4 bytes a pixel while one is decoded: at most 64 MB at a time).
pub const MAX_IMAGE_PIXELS: u64 = 32_000_000;
/// What the PNG decoder may allocate besides the image itself (its row
/// buffers, a palette): a chunk it would inflate past this (a compressed
/// text or colour-profile bomb) is an error, not gigabytes of memory. Text
/// and colour-profile chunks are skipped anyway.
const DECODER_LIMIT: usize = 16 * 1024 * 1024;

/// An image as every writer embeds it: the decoded pixels re-encoded as a
/// PNG of IHDR, PLTE and tRNS (a palette and its transparency, when the
/// image has them), IDAT and IEND only, by fixed settings (the same input
/// gives the same bytes). Nothing of the file given reaches the
/// output but its pixels: no text, colour profile, EXIF, or APNG frames.
#[derive(Debug)]
struct Decoded {
    png: Arc<Vec<u8>>,
    width_px: u32,
    height_px: u32,
}

/// Loads the images of one document: each distinct image (by the file a
/// name leads to, or the upload) is read, decoded and re-encoded once, and
/// every reference to it shares the result (so each writer embeds it once);
/// the document's images together stay within `MAX_IMAGES` and
/// `MAX_IMAGE_PIXELS`. A name that failed fails again without being read.
pub struct Images<'a> {
    assets: &'a Assets,
    by_name: std::collections::HashMap<String, Result<Arc<Decoded>, String>>,
    by_source: BTreeMap<Source, Arc<Decoded>>,
    pixels: u64,
}

impl<'a> Images<'a> {
    pub fn new(assets: &'a Assets) -> Self {
        Images {
            assets,
            by_name: Default::default(),
            by_source: BTreeMap::new(),
            pixels: 0,
        }
    }

    /// The image `name` as a PNG printed `width_mm` wide (height by its
    /// aspect ratio); `location` is where an error is reported.
    pub fn load(&mut self, name: &str, width_mm: f64, location: &str) -> Result<Image, Diagnostic> {
        let fail = |msg: Cow<str>| Diagnostic::error(location, msg);
        if !IMAGE_MM.contains(&width_mm) {
            return Err(fail(t!(
                "image.size_outside",
                mm = width_mm,
                min = IMAGE_MM.start(),
                max = IMAGE_MM.end()
            )));
        }
        let decoded = match self.by_name.get(name) {
            Some(known) => known.clone(),
            None => {
                let result = self.decode(name).map_err(Cow::into_owned);
                self.by_name.insert(name.to_string(), result.clone());
                result
            }
        }
        .map_err(|m| fail(m.into()))?;
        let width = mm_to_twips(width_mm);
        let height =
            (width as f64 * decoded.height_px as f64 / decoded.width_px as f64).round() as i32;
        Ok(Image {
            png: decoded.png.clone(),
            width_px: decoded.width_px,
            height_px: decoded.height_px,
            width,
            height,
        })
    }

    /// Finds, reads, decodes and re-encodes the image `name`, unless the
    /// file it leads to was loaded under another name.
    fn decode(&mut self, name: &str) -> Result<Arc<Decoded>, Cow<'static, str>> {
        let source = self.assets.locate(name)?;
        if let Some(d) = self.by_source.get(&source) {
            return Ok(d.clone());
        }
        let shown = clip(name, 80);
        if self.by_source.len() >= MAX_IMAGES {
            return Err(t!("image.too_many_images", path = shown, max = MAX_IMAGES));
        }
        let bytes = self.assets.read(&source, &shown)?;
        let left = MAX_IMAGE_PIXELS - self.pixels;
        let decoded = reencode(&bytes, left).map_err(|e| match e {
            PngError::Invalid(reason) => t!("image.not_png", path = shown, reason = reason),
            PngError::TooLarge { width, height } => t!(
                "image.too_many_pixels",
                path = shown,
                width = width,
                height = height,
                max = MAX_IMAGE_SIDE
            ),
            PngError::OverBudget { width, height } => t!(
                "image.pixel_budget",
                path = shown,
                width = width,
                height = height,
                max = MAX_IMAGE_PIXELS
            ),
        })?;
        self.pixels += decoded.width_px as u64 * decoded.height_px as u64;
        let decoded = Arc::new(decoded);
        self.by_source.insert(source, decoded.clone());
        Ok(decoded)
    }
}

/// Reads the image `name` from `assets` as a PNG printed `width_mm` wide
/// (height by its aspect ratio): one image on its own (a document loads its
/// images through one `Images`, which loads each once).
pub fn load_png(
    assets: &Assets,
    name: &str,
    width_mm: f64,
    location: &str,
) -> Result<Image, Diagnostic> {
    Images::new(assets).load(name, width_mm, location)
}

/// Why a file cannot be used as an image.
#[derive(Debug)]
enum PngError {
    /// Not a PNG that decodes (the reason).
    Invalid(String),
    /// A side over `MAX_IMAGE_SIDE` pixels.
    TooLarge { width: u32, height: u32 },
    /// More pixels than the document's images have left (`MAX_IMAGE_PIXELS`).
    OverBudget { width: u32, height: u32 },
}

/// Decodes a PNG of at most `budget` pixels completely (its default image:
/// an APNG's other frames are never read) and encodes its pixels again: see
/// `Decoded`. The colour type and bit depth are kept (a palette image stays
/// a palette image, with its PLTE and tRNS), except that 16-bit samples
/// become 8-bit ones (a 16-bit colour key, tRNS, becomes an alpha channel).
fn reencode(bytes: &[u8], budget: u64) -> Result<Decoded, PngError> {
    let invalid = |e: png::DecodingError| PngError::Invalid(e.to_string());
    let decoder = |transformations| {
        let mut d = png::Decoder::new_with_limits(
            std::io::Cursor::new(bytes),
            png::Limits {
                bytes: DECODER_LIMIT,
            },
        );
        d.set_ignore_text_chunk(true);
        d.set_ignore_iccp_chunk(true);
        d.set_transformations(transformations);
        d
    };
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(PngError::Invalid(t!("image.no_png_signature").into()));
    }
    let mut reader = decoder(png::Transformations::IDENTITY)
        .read_info()
        .map_err(invalid)?;
    if reader.info().bit_depth == png::BitDepth::Sixteen {
        reader = decoder(png::Transformations::normalize_to_color8())
            .read_info()
            .map_err(invalid)?;
    }
    let (width, height) = (reader.info().width, reader.info().height);
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(PngError::TooLarge { width, height });
    }
    if width as u64 * height as u64 > budget {
        return Err(PngError::OverBudget { width, height });
    }
    let (color, depth) = reader.output_color_type();
    let info = reader.info();
    let identity = info.bit_depth == depth && info.color_type == color;
    let palette = info.palette.as_ref().map(|p| p.to_vec());
    let trns = info.trns.as_ref().filter(|_| identity).map(|t| t.to_vec());
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| PngError::Invalid(t!("image.too_large_to_decode").into()))?;
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels).map_err(invalid)?;
    if (frame.width, frame.height) != (width, height) {
        return Err(PngError::Invalid(t!("image.too_large_to_decode").into()));
    }
    pixels.truncate(frame.buffer_size());
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    if color == png::ColorType::Indexed {
        encoder.set_palette(palette.unwrap_or_default());
    }
    if let Some(t) = trns {
        encoder.set_trns(t);
    }
    // fdeflate: as fast as the decode; zlib's level 6 would take about
    // twice as long here for files 1 % smaller (measured on the fixtures' seals)
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder
        .write_header()
        .map_err(|e| PngError::Invalid(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .and_then(|()| writer.finish())
        .map_err(|e| PngError::Invalid(e.to_string()))?;
    Ok(Decoded {
        png: Arc::new(png),
        width_px: width,
        height_px: height,
    })
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
    fn one_file_under_two_names_is_loaded_once_and_shared() {
        let assets = fixtures();
        let mut images = Images::new(&assets);
        let a = images.load("seals/demo-bureau.png", 42.0, "a").unwrap();
        let b = images
            .load("./seals/../seals/demo-bureau.png", 30.0, "b")
            .unwrap();
        let c = images.load("seals/demo-office.png", 42.0, "c").unwrap();
        assert!(Arc::ptr_eq(&a.png, &b.png));
        assert!(!Arc::ptr_eq(&a.png, &c.png));
        assert_eq!(b.width, mm_to_twips(30.0));
        assert_eq!(images.by_source.len(), 2);
        assert_eq!(images.pixels, 2 * 600 * 600);
        // a name that failed fails again, from the cache
        assert!(images.load("seals/none.png", 42.0, "d").is_err());
        let e = images.load("seals/none.png", 42.0, "e").unwrap_err();
        assert_eq!(e.location, "e");
        assert_eq!(images.by_source.len(), 2);
    }

    #[test]
    fn an_apng_gives_its_default_image_only() {
        for separate in [false, true] {
            let mut apng = Vec::new();
            let mut e = png::Encoder::new(&mut apng, 8, 8);
            e.set_color(png::ColorType::Rgb);
            e.set_animated(3, 0).unwrap();
            e.set_sep_def_img(separate).unwrap();
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[255, 0, 0].repeat(64)).unwrap();
            w.write_image_data(&[0, 255, 0].repeat(64)).unwrap();
            w.write_image_data(&[0, 0, 255].repeat(64)).unwrap();
            w.finish().unwrap();
            let d = reencode(&apng, u64::MAX).unwrap();
            let mut reader = png::Decoder::new(std::io::Cursor::new(d.png.as_slice()))
                .read_info()
                .unwrap();
            assert!(reader.info().animation_control.is_none());
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            reader.next_frame(&mut buf).unwrap();
            assert_eq!(
                buf,
                [255, 0, 0].repeat(64),
                "separate default image: {separate}"
            );
        }
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let bytes = seal_bytes();
        assert!(reencode(&bytes[..bytes.len() / 2], u64::MAX).is_err());
        assert!(reencode(&bytes, u64::MAX).is_ok());
    }
}
