//! Fonts: the bundled defaults, system fonts found by the standard names, and
//! the per-role resolution and per-character fallback the PDF writer uses.
//!
//! Faces are parsed once per process and kept for its lifetime (`'static`),
//! so batch builds on many threads share them without copying.

pub mod truetype;

use crate::i18n::t;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::style::{FontNames, FontRole};

/// Which fonts may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FontSource {
    /// System fonts found by name first, then the bundled defaults.
    #[default]
    System,
    /// Only the fonts compiled into gongwen: output does not depend on the machine.
    Bundled,
}

/// A bundled font file.
pub struct BundledFont {
    pub file: &'static str,
    pub family: &'static str,
    pub data: &'static [u8],
}

/// The fonts compiled into the binary (see fonts/README.md for their origin).
pub static BUNDLED: [BundledFont; 6] = [
    BundledFont {
        file: "NotoSerifCJKsc-Regular.ttf",
        family: "Noto Serif CJK SC",
        data: include_bytes!("../../fonts/NotoSerifCJKsc-Regular.ttf"),
    },
    BundledFont {
        file: "NotoSerifCJKsc-Bold.ttf",
        family: "Noto Serif CJK SC Bold",
        data: include_bytes!("../../fonts/NotoSerifCJKsc-Bold.ttf"),
    },
    BundledFont {
        file: "NotoSansCJKsc-Regular.ttf",
        family: "Noto Sans CJK SC",
        data: include_bytes!("../../fonts/NotoSansCJKsc-Regular.ttf"),
    },
    BundledFont {
        file: "LXGWWenKai-Regular.ttf",
        family: "Gongwen WenKai",
        data: include_bytes!("../../fonts/LXGWWenKai-Regular.ttf"),
    },
    BundledFont {
        file: "LiberationSerif-Regular.ttf",
        family: "Liberation Serif",
        data: include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    },
    BundledFont {
        file: "LiberationSerif-Bold.ttf",
        family: "Liberation Serif Bold",
        data: include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    },
];

const SERIF: usize = 0;
const SERIF_BOLD: usize = 1;
const SANS: usize = 2;
const KAI: usize = 3;
const LATIN: usize = 4;
const LATIN_BOLD: usize = 5;

/// The bundled stand-in for each role: (regular, bold).
fn bundled_for(role: FontRole) -> (usize, usize) {
    match role {
        FontRole::Title => (SERIF_BOLD, SERIF_BOLD),
        FontRole::Body | FontRole::Table | FontRole::PageNumber => (SERIF, SERIF_BOLD),
        FontRole::Heading1 => (SANS, SANS),
        FontRole::Heading2 => (KAI, KAI),
        FontRole::Latin => (LATIN, LATIN_BOLD),
    }
}

/// Other names the same font goes by on Windows, macOS and Linux.
fn aliases(name: &str) -> Vec<&'static str> {
    const GROUPS: &[&[&str]] = &[
        &[
            "方正小标宋简体",
            "方正小标宋_GBK",
            "FZXiaoBiaoSong-B05S",
            "FZXiaoBiaoSong-B05",
            "小标宋",
        ],
        &[
            "仿宋_GB2312",
            "仿宋",
            "FangSong_GB2312",
            "FangSong",
            "STFangsong",
            "华文仿宋",
        ],
        &["黑体", "SimHei", "STHeiti", "华文黑体"],
        &[
            "楷体_GB2312",
            "楷体",
            "KaiTi_GB2312",
            "KaiTi",
            "STKaiti",
            "华文楷体",
        ],
        &["宋体", "SimSun", "NSimSun", "新宋体", "STSong", "华文宋体"],
        &["Times New Roman", "TimesNewRoman", "Times"],
    ];
    GROUPS
        .iter()
        .find(|g| g.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|g| g.to_vec())
        .unwrap_or_default()
}

/// One loaded face.
pub struct Face {
    /// Family name as found (or the bundled family).
    pub family: String,
    /// Where it came from: `bundled:<file>` or a path.
    pub origin: String,
    pub data: &'static [u8],
    pub index: u32,
    pub parsed: ttf_parser::Face<'static>,
    pub units_per_em: f32,
    /// The face's Unicode `cmap` subtables, in the file's order, parsed
    /// once: `ttf_parser::Face::glyph_index` parses them again on every call.
    unicode_cmaps: Vec<ttf_parser::cmap::Subtable<'static>>,
}

impl Face {
    fn new(family: String, origin: String, data: &'static [u8], index: u32) -> Option<Face> {
        let parsed = ttf_parser::Face::parse(data, index).ok()?;
        let units_per_em = parsed.units_per_em() as f32;
        let unicode_cmaps = parsed
            .tables()
            .cmap
            .map(|c| c.subtables.into_iter().filter(|s| s.is_unicode()).collect())
            .unwrap_or_default();
        Some(Face {
            family,
            origin,
            data,
            index,
            parsed,
            units_per_em,
            unicode_cmaps,
        })
    }

    /// Whether the PDF writer (krilla) can embed this face; checked when a
    /// system or user font is loaded, so it is never a late internal error.
    fn pdf_ready(&self) -> bool {
        krilla::text::Font::new(krilla::Data::from(self.data), self.index).is_some()
    }

    /// The glyph for a character, if the face has one (what
    /// `ttf_parser::Face::glyph_index` answers: the first Unicode subtable
    /// that maps it).
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.unicode_cmaps
            .iter()
            .find_map(|s| s.glyph_index(u32::from(ch)))
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    /// Advance of a glyph in em units.
    pub fn advance_em(&self, gid: u16) -> f32 {
        self.parsed
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0) as f32
            / self.units_per_em
    }
}

/// Index of a face within a `FontBook`.
pub type FaceId = usize;

/// The faces a document uses, resolved by role.
pub struct FontBook {
    pub faces: Vec<&'static Face>,
    /// [role as in `FontRole::ALL`][bold] → face (looked up for every
    /// character laid out, so an array rather than a hash map).
    roles: [[FaceId; 2]; FontRole::ALL.len()],
    /// Order in which faces are tried for a character the role's face lacks.
    fallback: Vec<FaceId>,
}

/// A character no available font has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
}

impl MissingGlyph {
    /// Whether the character is one that prints nothing (a zero-width space,
    /// U+FEFF, a direction mark …): no font is expected to draw it, so the
    /// cure is to delete it, not to find a font.
    pub fn is_invisible(&self) -> bool {
        invisible_name(self.ch).is_some()
    }
}

impl std::fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = format!("{:04X}", self.ch as u32);
        match invisible_name(self.ch) {
            Some(name) => write!(
                f,
                "{}",
                t!("fonts.invisible_character", code = code, name = name)
            ),
            None => write!(
                f,
                "{}",
                t!("fonts.missing_glyph", ch = self.ch, code = code)
            ),
        }
    }
}

/// What an invisible character is (Unicode's default-ignorable code points:
/// they format text and print nothing), in the reader's language; `None` for
/// a character that prints.
pub(crate) fn invisible_name(ch: char) -> Option<Cow<'static, str>> {
    let key = match ch {
        '\u{FEFF}' => "fonts.invisible.byte_order_mark",
        '\u{200B}' => "fonts.invisible.zero_width_space",
        '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{034F}' => "fonts.invisible.joiner",
        '\u{00AD}' => "fonts.invisible.soft_hyphen",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "fonts.invisible.direction_mark",
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180F}' => {
            "fonts.invisible.variation_selector"
        }
        '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{2061}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}' => "fonts.invisible.other",
        _ => return None,
    };
    Some(t!(key))
}

/// Most characters in no font that `gongwen fonts INPUT` lists one per line.
pub const MAX_UNCOVERED_LISTED: usize = 20;

fn bundled_face(i: usize) -> &'static Face {
    static FACES: OnceLock<Vec<Face>> = OnceLock::new();
    &FACES.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|b| {
                Face::new(b.family.into(), format!("bundled:{}", b.file), b.data, 0)
                    .expect("bundled fonts parse")
            })
            .collect()
    })[i]
}

/// The system font database, scanned once per process.
fn system_db() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Loads a system font file once per process and keeps it.
fn load_file(path: &Path, index: u32, family: &str) -> Option<&'static Face> {
    static CACHE: OnceLock<Mutex<HashMap<(PathBuf, u32), &'static Face>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), index);
    if let Some(f) = cache.lock().ok()?.get(&key) {
        return Some(f);
    }
    // memory-mapped, kept for the process: a 20 MB collection costs only the pages read
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: only installed system fonts are mapped (files of the system's
    // font packages, not changed while a build runs). Changed bytes would be
    // read through ttf-parser's bounds checks; a truncated file would raise
    // SIGBUS, which is why a user's own font file is read into memory instead
    // (`load_user_file`).
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let data: &'static [u8] = &Box::leak(Box::new(map))[..];
    let face = Face::new(family.to_string(), path.display().to_string(), data, index)
        .filter(|f| f.pdf_ready())?;
    let face: &'static Face = Box::leak(Box::new(face));
    cache.lock().ok()?.insert(key, face);
    Some(face)
}

/// Largest font file a user may give (the big CJK collections are 20–60 MB).
pub const MAX_FONT_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// User font files already loaded, by path and face index asked for.
type FaceCache = HashMap<(PathBuf, Option<u32>), &'static Face>;

/// A font file the user named (`--font body=/path/x.ttc#2`): read into memory
/// rather than mapped, so a file changed or truncated during the build cannot
/// crash the process; checked to parse here and in the PDF writer, so a
/// broken font is an error naming the file instead of a silent fallback.
fn load_user_file(path: &Path, index: Option<u32>) -> Result<&'static Face, String> {
    static CACHE: OnceLock<Mutex<FaceCache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), index);
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).copied()) {
        return Ok(f);
    }
    let shown = path.display();
    let data = read_font_file(path)
        .map_err(|e| t!("fonts.file_problem", path = shown, problem = e).into_owned())?;
    let data: &'static [u8] = Box::leak(data.into_boxed_slice());
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let index = match index {
        Some(i) if i >= count => {
            return Err(t!(
                "fonts.no_such_face",
                path = shown,
                index = i,
                count = count,
                last = count - 1
            )
            .into())
        }
        Some(i) => i,
        None => simplified_chinese_face(data, count),
    };
    let face = Face::new(shown.to_string(), shown.to_string(), data, index)
        .filter(|f| f.pdf_ready() && tables_within(data, index))
        .ok_or_else(|| t!("fonts.damaged", path = shown, index = index).into_owned())?;
    let face: &'static Face = Box::leak(Box::new(face));
    if let Ok(mut c) = cache.lock() {
        c.insert(key, face);
    }
    Ok(face)
}

/// Whether every table the face lists lies within the file: a truncated file
/// still parses (tables are read lazily) but would lose glyphs in the PDF.
fn tables_within(data: &[u8], index: u32) -> bool {
    let Ok(raw) = ttf_parser::RawFace::parse(data, index) else {
        return false;
    };
    raw.table_records
        .into_iter()
        .all(|t| (t.offset as u64) + (t.length as u64) <= data.len() as u64)
}

/// Reads a font file of at most `MAX_FONT_FILE_BYTES`; only regular files.
fn read_font_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| crate::error::io_reason(&e))?;
    if !meta.is_file() {
        return Err(t!("fonts.not_a_file").into());
    }
    if meta.len() > MAX_FONT_FILE_BYTES {
        return Err(t!(
            "fonts.too_many_bytes",
            bytes = meta.len(),
            max = MAX_FONT_FILE_BYTES
        )
        .into());
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FONT_FILE_BYTES + 1).read_to_end(&mut data))
        .map_err(|e| crate::error::io_reason(&e))?;
    Ok(data)
}

/// In a font collection (.ttc), the face made for Simplified Chinese: one
/// with names in Chinese (PRC or Singapore), else one whose family ends in
/// "SC", else the first. Noto's CJK collections start with the Japanese face,
/// whose glyph shapes differ from the Chinese standard.
fn simplified_chinese_face(data: &[u8], count: u32) -> u32 {
    const ZH_CN: u16 = 0x0804;
    const ZH_SG: u16 = 0x1004;
    let faces: Vec<(u32, ttf_parser::Face)> = (0..count)
        .filter_map(|i| ttf_parser::Face::parse(data, i).ok().map(|f| (i, f)))
        .collect();
    let chinese_names = faces.iter().find(|(_, f)| {
        f.names()
            .into_iter()
            .any(|n| matches!(n.language_id, ZH_CN | ZH_SG))
    });
    let sc_family = faces.iter().find(|(_, f)| {
        f.names().into_iter().any(|n| {
            n.name_id == ttf_parser::name_id::FAMILY
                && n.to_string().is_some_and(|s| s.ends_with(" SC"))
        })
    });
    chinese_names.or(sc_family).map_or(0, |(i, _)| *i)
}

/// Splits `path#N` into the path and a face index, when the part before `#`
/// is a file and N a number; otherwise the whole text is the path.
fn split_face_index(choice: &str) -> (&str, Option<u32>) {
    if let Some((path, n)) = choice.rsplit_once('#') {
        if let Ok(i) = n.parse::<u32>() {
            if Path::new(path).is_file() {
                return (path, Some(i));
            }
        }
    }
    (choice, None)
}

/// Finds a system font by any of the names, preferring bold faces when asked.
fn find_system(names: &[&str], bold: bool) -> Option<&'static Face> {
    let db = system_db();
    for name in names {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(name)],
            weight: if bold {
                fontdb::Weight::BOLD
            } else {
                fontdb::Weight::NORMAL
            },
            ..Default::default()
        };
        let Some(id) = db.query(&query) else { continue };
        let info = db.face(id)?;
        if bold && info.weight.0 < 600 {
            continue;
        }
        let path = match &info.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => continue,
        };
        if let Some(f) = load_file(&path, info.index, name) {
            return Some(f);
        }
    }
    None
}

/// A user's choice for a role on the command line: a family name or a file.
#[derive(Debug, Clone, Default)]
pub struct FontChoices {
    pub by_role: HashMap<FontRole, String>,
}

impl FontBook {
    /// Resolves every role: the user's choice, then system fonts by the
    /// standard names and their aliases (unless `source` is bundled), then the
    /// bundled default. Fails only if a user-given font file cannot be read.
    pub fn resolve(
        names: &FontNames,
        choices: &FontChoices,
        source: FontSource,
    ) -> Result<FontBook, String> {
        let mut faces: Vec<&'static Face> = Vec::new();
        let mut roles = [[0; 2]; FontRole::ALL.len()];
        let add = |f: &'static Face, faces: &mut Vec<&'static Face>| -> FaceId {
            match faces.iter().position(|g| std::ptr::eq(*g, f)) {
                Some(i) => i,
                None => {
                    faces.push(f);
                    faces.len() - 1
                }
            }
        };
        for (r, role) in FontRole::ALL.into_iter().enumerate() {
            for bold in [false, true] {
                let face = resolve_role(role, bold, names, choices, source)?;
                roles[r][bold as usize] = add(face, &mut faces);
            }
        }
        // every bundled face is a fallback, after the resolved ones
        for i in 0..BUNDLED.len() {
            add(bundled_face(i), &mut faces);
        }
        let fallback = (0..faces.len()).collect();
        Ok(FontBook {
            faces,
            roles,
            fallback,
        })
    }

    /// Only the bundled fonts, for tests and reproducible output.
    pub fn bundled() -> FontBook {
        FontBook::resolve(
            &crate::style::StyleProfile::gbt9704().fonts,
            &FontChoices::default(),
            FontSource::Bundled,
        )
        .expect("bundled fonts always resolve")
    }

    /// The face used for a role.
    pub fn role_face(&self, role: FontRole, bold: bool) -> FaceId {
        self.roles[role.index()][bold as usize]
    }

    /// The face and glyph for a character in a role: Latin letters and digits
    /// use the role's Latin font (`FontRole::latin_role`), everything else the
    /// role's font, and a character either lacks falls back through every
    /// other face.
    pub fn glyph_for(
        &self,
        ch: char,
        role: FontRole,
        bold: bool,
    ) -> Result<(FaceId, u16), MissingGlyph> {
        let first = if is_latin(ch) {
            // the title face (小标宋) is heavy: its Latin letters and digits
            // take the Latin font's bold face, not the regular one
            self.role_face(role.latin_role(), bold || role == FontRole::Title)
        } else {
            self.role_face(role, bold)
        };
        std::iter::once(first)
            .chain(std::iter::once(self.role_face(role, bold)))
            .chain(self.fallback.iter().copied())
            .find_map(|id| self.faces[id].glyph(ch).map(|g| (id, g)))
            .ok_or(MissingGlyph { ch })
    }

    /// Every character of `text` that no face has, with its first position.
    pub fn uncovered(&self, text: &str) -> Vec<(char, usize)> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (i, ch) in text.chars().enumerate() {
            if ch == '\n' || seen.contains(&ch) {
                continue;
            }
            seen.insert(ch);
            if !self.faces.iter().any(|f| f.glyph(ch).is_some()) {
                out.push((ch, i));
            }
        }
        out
    }

    /// What `gongwen fonts INPUT` prints about the characters of `doc` that
    /// no face covers (each block's first occurrence of each, named by the
    /// file and the block's place): at most `MAX_UNCOVERED_LISTED` lines,
    /// then one counting the rest; and how many there were in all. (A file
    /// of 131 068 such characters printed 15 MB, one per line.)
    pub fn uncovered_report(
        &self,
        doc: &crate::model::Document,
        file: &str,
    ) -> (Vec<String>, usize) {
        let mut lines = Vec::new();
        let mut missing = 0;
        for block in &doc.blocks {
            for (ch, at) in self.uncovered(&block.text()) {
                missing += 1;
                if missing > MAX_UNCOVERED_LISTED {
                    continue;
                }
                let place = format!("{file}:{}", block.origin);
                let code = format!("{:04X}", ch as u32);
                lines.push(
                    t!(
                        "build.uncovered",
                        place = place,
                        ch = ch,
                        code = code,
                        at = at + 1
                    )
                    .into_owned(),
                );
            }
        }
        if missing > MAX_UNCOVERED_LISTED {
            lines.push(
                t!(
                    "fonts.uncovered_more",
                    n = missing - MAX_UNCOVERED_LISTED,
                    all = missing
                )
                .into_owned(),
            );
        }
        (lines, missing)
    }

    /// A human-readable line per role: family, origin, face index.
    pub fn describe(&self) -> Vec<String> {
        FontRole::ALL
            .iter()
            .flat_map(|&role| {
                [false, true].map(|bold| {
                    let f = self.faces[self.role_face(role, bold)];
                    let weight = if bold {
                        t!("fonts.bold")
                    } else {
                        t!("fonts.regular")
                    };
                    t!(
                        "fonts.describe_line",
                        role = format!("{:<12}", role.key()),
                        weight = format!("{weight:<7}"),
                        family = f.family,
                        origin = f.origin,
                        index = f.index
                    )
                    .into_owned()
                })
            })
            .collect()
    }
}

fn resolve_role(
    role: FontRole,
    bold: bool,
    names: &FontNames,
    choices: &FontChoices,
    source: FontSource,
) -> Result<&'static Face, String> {
    let (regular, bold_default) = bundled_for(role);
    if let Some(choice) = choices.by_role.get(&role) {
        let (file, index) = split_face_index(choice);
        let path = Path::new(file);
        if path.exists() || index.is_some() || looks_like_font_path(file) {
            return load_user_file(path, index).map_err(|e| {
                t!(
                    "fonts.choice_problem",
                    role = role.key(),
                    choice = choice,
                    problem = e
                )
                .into_owned()
            });
        }
        if let Some(f) =
            find_system(&[choice.as_str()], bold).or_else(|| find_system(&[choice.as_str()], false))
        {
            return Ok(f);
        }
        return Err(t!("fonts.unknown_family", role = role.key(), choice = choice).into());
    }
    if source == FontSource::System {
        let wanted = names.get(role);
        let mut list = vec![wanted];
        list.extend(aliases(wanted).into_iter().filter(|a| *a != wanted));
        if let Some(f) = find_system(&list, bold) {
            return Ok(f);
        }
        if bold {
            // a regular system face is closer to the user's intent than a bundled bold one
            if let Some(f) = find_system(&list, false) {
                return Ok(f);
            }
        }
    }
    Ok(bundled_face(if bold { bold_default } else { regular }))
}

/// Whether a `--font` value names a file rather than a family (so a missing
/// file is reported as such, not as an unknown family).
fn looks_like_font_path(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.contains('/')
        || value.contains('\\')
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// Characters set in the Latin font: ASCII and accented Latin letters. CJK
/// punctuation, quotes and dashes stay in the Chinese font (as Word does with
/// `w:hint="eastAsia"`).
pub fn is_latin(ch: char) -> bool {
    matches!(ch, '\u{20}'..='\u{7E}' | '\u{C0}'..='\u{24F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_s_index_is_its_place_in_all() {
        for (i, role) in FontRole::ALL.into_iter().enumerate() {
            assert_eq!(role.index(), i, "{role:?}");
        }
    }

    #[test]
    fn the_cached_cmaps_answer_as_ttf_parser_does() {
        let book = FontBook::bundled();
        for face in &book.faces {
            for ch in "汶上县，。（）“”——…０ＡaZ09 \u{E000}𠮷䶮①Ⅻ℃".chars()
            {
                let expected = face.parsed.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0);
                assert_eq!(face.glyph(ch), expected, "{ch} in {}", face.origin);
            }
        }
    }

    #[test]
    fn page_number_digits_are_in_the_page_number_face_body_digits_in_latin() {
        let book = FontBook::bundled();
        let face = |role| book.glyph_for('7', role, false).unwrap().0;
        assert_eq!(
            face(FontRole::PageNumber),
            book.role_face(FontRole::PageNumber, false)
        );
        assert_eq!(face(FontRole::Body), book.role_face(FontRole::Latin, false));
    }

    #[test]
    fn bundled_fonts_cover_roles_and_rare_characters() {
        let book = FontBook::bundled();
        for ch in "汶上县投资促进服务中心，。“”——0123456789ABC䶮𬭚𠮷堃喆昇赟".chars()
        {
            assert!(book.glyph_for(ch, FontRole::Body, false).is_ok(), "{ch}");
        }
    }

    #[test]
    fn latin_goes_to_latin_font_and_cjk_to_role_font() {
        let book = FontBook::bundled();
        let (latin, _) = book.glyph_for('2', FontRole::Body, false).unwrap();
        let (cjk, _) = book.glyph_for('汶', FontRole::Heading1, false).unwrap();
        assert_eq!(
            book.faces[latin].origin,
            "bundled:LiberationSerif-Regular.ttf"
        );
        assert_eq!(book.faces[cjk].origin, "bundled:NotoSansCJKsc-Regular.ttf");
        // Times-compatible digits are half an em; ideographs a full em
        let f = book.faces[latin];
        assert!((f.advance_em(f.glyph('2').unwrap()) - 0.5).abs() < 1e-3);
    }

    #[test]
    fn digits_in_the_title_are_bold() {
        let book = FontBook::bundled();
        let (face, _) = book.glyph_for('2', FontRole::Title, false).unwrap();
        assert_eq!(book.faces[face].origin, "bundled:LiberationSerif-Bold.ttf");
        let (face, _) = book.glyph_for('2', FontRole::Body, false).unwrap();
        assert_eq!(
            book.faces[face].origin,
            "bundled:LiberationSerif-Regular.ttf"
        );
    }

    #[test]
    fn missing_character_is_an_error() {
        let book = FontBook::bundled();
        let e = book
            .glyph_for('\u{E000}', FontRole::Body, false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "character “\u{E000}” (U+E000) is in no available font"
        );
    }

    #[test]
    fn an_invisible_character_is_to_be_deleted_not_given_a_font() {
        let book = FontBook::bundled();
        let e = book
            .glyph_for('\u{FEFF}', FontRole::Body, false)
            .unwrap_err();
        assert!(e.is_invisible());
        let en = e.to_string();
        assert!(en.contains("U+FEFF") && en.contains("delete it"), "{en}");
        assert!(!en.contains("font that has it"), "{en}");
        let zh = crate::i18n::t!(
            "fonts.invisible_character",
            locale = "zh",
            code = "FEFF",
            name = crate::i18n::t!("fonts.invisible.byte_order_mark", locale = "zh")
        );
        assert_eq!(
            zh,
            "文字中有一个看不见的字符 U+FEFF（字节顺序标记 BOM，即零宽不换行空格），它印不出来；请把它从文字中删除（这种字符通常是从网页或 Word 复制时带进来的）"
        );
        assert!(!book
            .glyph_for('\u{E000}', FontRole::Body, false)
            .unwrap_err()
            .is_invisible());
    }
}
