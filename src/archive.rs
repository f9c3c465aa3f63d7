//! Packs the parts of a .docx or an .ofd into a zip: deflate-compressed, in
//! a fixed order, with a fixed timestamp, so the same input gives the same bytes.

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The parts of a package, by name, in the order they are written.
pub type Parts = Vec<(String, Vec<u8>)>;

/// Zips the parts. Every entry gets the document's date (or 1980-01-01) as its time.
pub fn pack(parts: Parts, date: NaiveDate) -> Result<Vec<u8>, String> {
    let time = Some(date)
        .and_then(|d| {
            DateTime::from_date_and_time(
                d.year().clamp(1980, 2107) as u16,
                d.month() as u8,
                d.day() as u8,
                0,
                0,
                0,
            )
            .ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time)
        .unix_permissions(0o644);
    // every entry deflated, pictures too (a .docx checker, and some readers,
    // expect it; a PNG gains little but loses nothing)
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
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
