//! Packs the parts of a .docx or an .ofd into a zip: deflate-compressed, in
//! a fixed order, with a fixed timestamp, so the same input gives the same bytes.
//!
//! The zip is written here rather than with the `zip` crate, which starts a
//! new deflate compressor for every entry: zlib-rs zeroes about 440 KB of
//! state to start one and 180 KB to reset one, so one compressor reset
//! between entries saves about 0.26 M instructions per entry (a .docx has
//! 11, an OFD 15 or more). The bytes are those the `zip` crate wrote (same
//! headers, same deflate stream; a test reads them back with it).

use chrono::{Datelike, NaiveDate};
use flate2::{Compress, Compression, FlushCompress, Status};

/// The parts of a package, by name, in the order they are written.
pub type Parts = Vec<(String, Vec<u8>)>;

/// Deflate level of every entry.
const LEVEL: u32 = 6;
/// "Version needed to extract" 2.0 (deflate), and "made by" Unix 2.0.
const VERSION: u16 = 20;
const MADE_BY_UNIX: u16 = 3 << 8 | VERSION;
/// Regular file, rw-r--r--, in the high half of the external attributes.
const UNIX_MODE: u32 = 0o100644 << 16;
/// General-purpose flag bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

/// Zips the parts. Every entry gets the document's date (or 1980-01-01) as its time.
pub fn pack(parts: Parts, date: NaiveDate) -> Result<Vec<u8>, String> {
    let dos_date = dos_date(date);
    let total: usize = parts.iter().map(|(n, d)| 30 + n.len() + d.len() / 2).sum();
    let mut out = Vec::with_capacity(total + 1024);
    let mut central = Vec::new();
    let mut compress = Compress::new(Compression::new(LEVEL), false);
    let mut chunk = vec![0; 32 * 1024];
    let too_big = || "a part or the package is over 4 GiB".to_string();
    for (i, (name, data)) in parts.iter().enumerate() {
        if i > 0 {
            compress.reset();
        }
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let flags = if name.is_ascii() { 0 } else { UTF8_NAME };
        let name_len = u16::try_from(name.len()).map_err(|_| "a part's name is too long")?;
        // local file header; the sizes are filled in after compressing
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION);
        put16(&mut out, flags);
        put16(&mut out, 8); // deflate
        put16(&mut out, 0); // time 00:00:00
        put16(&mut out, dos_date);
        put32(&mut out, crc.sum());
        let sizes_at = out.len();
        put32(&mut out, 0);
        put32(&mut out, 0);
        put16(&mut out, name_len);
        put16(&mut out, 0); // no extra field
        out.extend_from_slice(name.as_bytes());
        let start = out.len();
        deflate(&mut compress, data, &mut out, &mut chunk)?;
        let compressed = u32::try_from(out.len() - start).map_err(|_| too_big())?;
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        out[sizes_at..sizes_at + 4].copy_from_slice(&compressed.to_le_bytes());
        out[sizes_at + 4..sizes_at + 8].copy_from_slice(&size.to_le_bytes());
        // its central directory entry
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, MADE_BY_UNIX);
        put16(&mut central, VERSION);
        put16(&mut central, flags);
        put16(&mut central, 8);
        put16(&mut central, 0);
        put16(&mut central, dos_date);
        put32(&mut central, crc.sum());
        put32(&mut central, compressed);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, UNIX_MODE);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let entries = u16::try_from(parts.len()).map_err(|_| "too many parts")?;
    let central_at = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    // end of central directory
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, entries);
    put16(&mut out, entries);
    put32(&mut out, central_len);
    put32(&mut out, central_at);
    put16(&mut out, 0); // comment
    Ok(out)
}

/// Deflates all of `data` onto the end of `out` (raw deflate, finished),
/// calling zlib as flate2's writer (which the `zip` crate used) does: into
/// 32 KiB of output at a time, the input without flushing, then the finish.
/// zlib-rs's stream depends on that pattern (a 58 KB font came out a byte
/// shorter when given more room), and the bytes are to stay the same.
fn deflate(
    compress: &mut Compress,
    data: &[u8],
    out: &mut Vec<u8>,
    chunk: &mut [u8],
) -> Result<(), String> {
    let mut done = 0;
    while done < data.len() {
        let (before_in, before_out) = (compress.total_in(), compress.total_out());
        compress
            .compress(&data[done..], chunk, FlushCompress::None)
            .map_err(|e| e.to_string())?;
        done += (compress.total_in() - before_in) as usize;
        out.extend_from_slice(&chunk[..(compress.total_out() - before_out) as usize]);
    }
    loop {
        let before_out = compress.total_out();
        let status = compress
            .compress(&[], chunk, FlushCompress::Finish)
            .map_err(|e| e.to_string())?;
        let produced = (compress.total_out() - before_out) as usize;
        out.extend_from_slice(&chunk[..produced]);
        if status == Status::StreamEnd || produced == 0 {
            return Ok(());
        }
    }
}

/// The date in MS-DOS form (years 1980–2107; 1980-01-01 outside them).
fn dos_date(d: NaiveDate) -> u16 {
    let year = d.year().clamp(1980, 2107);
    // the `zip` crate's DateTime::from_date_and_time, which gongwen used
    // before, fell back to its default, 1980-01-01, for a date it refused;
    // clamping the year leaves no date it refuses
    (((year - 1980) as u16) << 9) | ((d.month() as u16) << 5) | d.day() as u16
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A 128-bit digest of some bytes (FNV-1a): the same content always gives
/// the same value, different content practically never. Not cryptographic:
/// it names content (the OFD's DocID, the .docx's font keys) deterministically.
pub fn digest<'a>(parts: impl Iterator<Item = &'a [u8]>) -> u128 {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for part in parts {
        for &b in part {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};

    /// What gongwen wrote with the `zip` crate before.
    fn with_zip_crate(parts: &Parts, date: NaiveDate) -> Vec<u8> {
        let time = zip::DateTime::from_date_and_time(
            date.year().clamp(1980, 2107) as u16,
            date.month() as u8,
            date.day() as u8,
            0,
            0,
            0,
        )
        .unwrap_or_default();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(time)
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn sample() -> Parts {
        let xml = "<w:p><w:r><w:t>汶上县投资促进服务中心</w:t></w:r></w:p>".repeat(500);
        let noise: Vec<u8> = (0u32..70_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        vec![
            ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
            ("word/document.xml".into(), xml.into_bytes()),
            ("word/media/image1.png".into(), noise),
            ("empty".into(), Vec::new()),
            ("Doc_0/字体.ttf".into(), b"\x00\x01\x00\x00".repeat(3000)),
            // more than 32 KiB deflated, and a stream zlib-rs ends a byte
            // shorter when given all the room at once (measured)
            (
                "Doc_0/Res/font_2.ttf".into(),
                crate::fonts::BUNDLED[0].data[2_000_000..2_080_000].to_vec(),
            ),
        ]
    }

    #[test]
    fn the_same_bytes_as_the_zip_crate_wrote() {
        for date in ["2025-01-21", "1970-06-01", "2200-12-31"] {
            let date: NaiveDate = date.parse().unwrap();
            let parts = sample();
            assert_eq!(
                pack(parts.clone(), date).unwrap(),
                with_zip_crate(&parts, date)
            );
        }
    }

    #[test]
    fn the_zip_crate_reads_every_part_back() {
        let parts = sample();
        let bytes = pack(parts.clone(), "2025-01-21".parse().unwrap()).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), parts.len());
        for (i, (name, data)) in parts.iter().enumerate() {
            let mut f = zip.by_index(i).unwrap();
            assert_eq!(f.name(), name);
            let mut back = Vec::new();
            f.read_to_end(&mut back).unwrap();
            assert_eq!(&back, data);
        }
    }
}
