//! JSON input: decoding, the `kind` of document, typed parsing with helpful
//! errors (line:column, JSON path, did-you-mean), and conversion to the model.

pub mod document;
pub mod furniture;
pub mod image;
pub mod invisible;
pub mod mistakes;
pub mod plain_words;
pub mod text;

use crate::i18n::t;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::i18n::{lookup, Lang};
use crate::report::AnnualReportInput;
use document::DocumentInput;

/// Every kind of input gongwen understands, selected by the `kind` field.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum Input {
    /// Any 公文, whole: 版头, title, headings, paragraphs, tables, 落款 with
    /// 印章, 附件说明 and 附件, 附注, 版记; the standard, 信函, 命令 and 纪要 formats.
    Document(DocumentInput),
    /// A 政府信息公开工作年度报告 built from its numbers.
    AnnualReport(AnnualReportInput),
}

/// The `kind` values, with the one-line description `gongwen --help` shows.
pub const KINDS: [(&str, &str); 2] = [
    (
        "document",
        "any 公文, whole: 版头, title, headings, paragraphs, tables, 落款 with 印章, 附件说明 and 附件, 附注, 版记; the standard, 信函, 命令 and 纪要 formats",
    ),
    (
        "gov-info-annual-report",
        "政府信息公开工作年度报告 from its statistics, checked before it is written",
    ),
];

/// Largest input accepted, so a hostile file cannot exhaust memory.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The message for an input over `MAX_INPUT_BYTES`.
pub fn too_large(len: u64) -> Diagnostic {
    Diagnostic::error("", t!("json.too_large", len = len, limit = MAX_INPUT_BYTES))
}

/// Turns raw file bytes into text: accepts UTF-8 with or without BOM and
/// explains UTF-16 and GBK files instead of failing on the first odd byte.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || (bytes.len() >= 4 && (bytes[1] == 0 || bytes[0] == 0) && bytes[2..].contains(&0));
    if utf16 {
        return Err(Diagnostic::error("", t!("json.utf16")));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, col) = line_col(&bytes[..at]);
        Diagnostic::error(format!("{line}:{col}"), t!("json.not_utf8"))
    })
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let last = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&prefix[last..]).chars().count() + 1;
    (line, col)
}

/// Only the `kind` field, read first so the rest is parsed by the right type
/// directly from the text (keeping exact line:column positions).
#[derive(Deserialize)]
struct KindProbe {
    kind: Option<String>,
}

/// Parses JSON text into an input of the kind it declares (invisible
/// characters removed from its strings, see `parse_with_notes`).
pub fn parse(text: &str) -> Result<Input, Diagnostic> {
    parse_with_notes(text).map(|(input, _)| input)
}

/// Parses JSON text into an input of the kind it declares, after removing
/// every bidi control and default-ignorable character from every string
/// (`invisible::strip`): the input, and a warning for each string that had
/// any. Positions in errors are those of the text as written.
pub fn parse_with_notes(text: &str) -> Result<(Input, Vec<Diagnostic>), Diagnostic> {
    let (clean, notes, removed) = invisible::strip(text);
    let input = parse_clean(&clean).map_err(|mut d| {
        d.location = removed.original_location(&d.location);
        d
    })?;
    Ok((input, notes))
}

fn parse_clean(text: &str) -> Result<Input, Diagnostic> {
    let first = text.trim_start().chars().next();
    if !matches!(first, Some('{') | None) {
        let at = text.len() - text.trim_start().len();
        let (line, col) = line_col(&text.as_bytes()[..at]);
        return Err(Diagnostic::error(
            format!("{line}:{col}"),
            t!("json.not_object", found = first.unwrap_or(' ')),
        ));
    }
    let escaped = escape_raw_tabs(text);
    let text = escaped.as_ref();
    let probe: KindProbe = serde_json::from_str(text).map_err(|e| syntax_error(text, e))?;
    match probe.kind.as_deref() {
        Some("document") => typed(text).map(Input::Document),
        Some("gov-info-annual-report") => typed(text).map(Input::AnnualReport),
        Some(other) => {
            let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
            Err(Diagnostic::error(
                "kind",
                t!(
                    "json.unknown_kind",
                    kind = crate::error::clip(other, 40),
                    kinds = plain_words::name_list(&names),
                    hint = did_you_mean(other, &names)
                ),
            ))
        }
        None => Err(Diagnostic::error("", t!("json.missing_kind"))),
    }
}

/// Any JSON value (last year's report, read as written), with the same
/// explained syntax errors as an input.
pub fn parse_value(text: &str) -> Result<serde_json::Value, Diagnostic> {
    let (clean, _, removed) = invisible::strip(text);
    let escaped = escape_raw_tabs(&clean);
    serde_json::from_str(escaped.as_ref()).map_err(|e| {
        let mut d = syntax_error(escaped.as_ref(), e);
        d.location = removed.original_location(&d.location);
        d
    })
}

/// A tab pasted into a text between quotes is not allowed by JSON (it must be
/// written `\t`), but its meaning is plain: it is written as `\t` here, and the
/// pasted-text cleaning then makes it a space with a warning saying where
/// (see `text::clean`). Columns of later errors on that line count the `\t`.
fn escape_raw_tabs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            '\t' if in_string => out.push_str("\\t"),
            '"' if !escaped => {
                in_string = !in_string;
                out.push(c);
            }
            _ => out.push(c),
        }
        escaped = in_string && c == '\\' && !escaped;
    }
    std::borrow::Cow::Owned(out)
}

/// Explains JSON escapes that cannot be text.
fn hint(msg: &str) -> String {
    if msg.contains("surrogate") || msg.contains("hex escape") {
        t!("json.surrogate").into()
    } else {
        String::new()
    }
}

fn syntax_error(text: &str, e: serde_json::Error) -> Diagnostic {
    let at = |e: &serde_json::Error| {
        format!(
            "{}:{}",
            e.line(),
            mistakes::char_column(text, e.line(), e.column())
        )
    };
    if e.is_syntax() || e.is_eof() {
        let (line, column) = (e.line(), e.column());
        let raw = e.to_string();
        if let Some(why) = mistakes::explain(text, line, column, &raw) {
            return Diagnostic::error(
                at(&e),
                t!(
                    "json.invalid",
                    why = why,
                    excerpt = mistakes::excerpt(text, line, column).unwrap_or_default()
                ),
            );
        }
    }
    if e.is_data() {
        // the top level is not an object, or `kind` is not a string
        return Diagnostic::error(
            at(&e),
            t!(
                "json.not_object_kind",
                serde = plain_words::data_error(&strip_position(&e.to_string()))
            ),
        );
    }
    Diagnostic::error(
        at(&e),
        t!(
            "json.invalid",
            why = format!(
                "{}{}",
                plain_words::syntax_error(&strip_position(&e.to_string())),
                hint(&e.to_string())
            ),
            excerpt = mistakes::excerpt(text, e.line(), e.column()).unwrap_or_default()
        ),
    )
}

/// serde_json appends " at line L column C"; we print the position in front instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn typed<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let raw = inner.to_string();
        let msg = format!(
            "{}{}",
            plain_words::data_error(&strip_position(&raw)),
            hint(&raw)
        );
        // serde quotes unknown names whole; a hostile one could be megabytes
        let msg = crate::error::clip(&msg, 400);
        let at = format!(
            "{}:{}",
            inner.line(),
            mistakes::char_column(text, inner.line(), inner.column())
        );
        let location = if path == "." || path.is_empty() {
            at
        } else {
            format!("{at}: {path}")
        };
        Diagnostic::error(location, msg)
    })?;
    de.end().map_err(|e| syntax_error(text, e))?;
    Ok(value)
}

/// `; did you mean `x`?` when a candidate is close enough to be a typo.
pub fn did_you_mean(name: &str, candidates: &[&str]) -> String {
    // a typo is short; comparing a long name would cost time for nothing
    if name.len() > 64 {
        return String::new();
    }
    let best = candidates
        .iter()
        .map(|c| (strsim::levenshtein(name, c), *c))
        .min();
    match best {
        Some((d, c)) if d <= 2.max(name.chars().count() / 3) => {
            t!("json.did_you_mean", name = c).into()
        }
        _ => String::new(),
    }
}

/// The JSON Schema of every input kind, for editors.
pub fn schema() -> String {
    serde_json::to_string_pretty(&schema_in(crate::i18n::language())).expect("schema serialises")
}

/// The schema with its titles and descriptions in language `lang`.
fn schema_in(lang: Lang) -> serde_json::Value {
    let mut schema = schemars::schema_for!(Input).to_value();
    discriminate_by_kind(&mut schema);
    row_lengths(&mut schema);
    year_as_read(&mut schema);
    localize(&mut schema, lang);
    schema
}

/// The name the catalogue gives the top level (`schema.definition.Input`,
/// `schema.Input.kind`), beside the definitions' own names.
const TOP_LEVEL: &str = "Input";

/// Every property of a definition, with its schema: its `properties`, and
/// those of the objects it is one of (a block is `{"paragraph": …}`, one of
/// several one-key objects).
fn properties_mut(def: &mut serde_json::Value) -> Vec<(&String, &mut serde_json::Value)> {
    let mut tables = Vec::new();
    for (key, value) in def.as_object_mut().into_iter().flatten() {
        match key.as_str() {
            "properties" => tables.push(value),
            "oneOf" => tables.extend(
                value
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                    .filter_map(|alt| alt.get_mut("properties")),
            ),
            _ => {}
        }
    }
    tables
        .into_iter()
        .filter_map(|t| t.as_object_mut())
        .flat_map(|m| m.iter_mut())
        .collect()
}

/// Sets the `title` and `description` of the top level, of every definition
/// and of every property from the catalogue (locales/schema.toml) in `lang`,
/// so an editor shows a clerk 报告年度 and 发文字号 rather than `year` and a
/// doc comment in English. Only these two annotations change.
fn localize(schema: &mut serde_json::Value, lang: Lang) {
    fn annotate(target: &mut serde_json::Value, key: &str, lang: Lang) {
        let Some(obj) = target.as_object_mut() else {
            return;
        };
        for field in ["title", "description"] {
            if let Some(text) = lookup(&format!("{key}.{field}"), lang) {
                obj.insert(field.into(), text.into());
            }
        }
    }
    fn annotate_definition(def: &mut serde_json::Value, name: &str, lang: Lang) {
        annotate(def, &format!("schema.definition.{name}"), lang);
        for (prop, sub) in properties_mut(def) {
            annotate(sub, &format!("schema.{name}.{prop}"), lang);
        }
    }
    if let Some(defs) = schema.get_mut("$defs").and_then(|d| d.as_object_mut()) {
        for (name, def) in defs.iter_mut() {
            annotate_definition(def, name, lang);
        }
    }
    // the top level is a definition of its own, with one property, `kind`
    // (its `$defs` and if/then/else hold no properties)
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        for (prop, sub) in props.iter_mut() {
            annotate(sub, &format!("schema.{TOP_LEVEL}.{prop}"), lang);
        }
    }
    annotate(schema, &format!("schema.definition.{TOP_LEVEL}"), lang);
}

/// The report year as the tool reads it: a number, or digits in quotes with
/// spaces around them ignored (`number_as_written`, then `trim`), from 2000
/// to 2100 (the report's checks) — so an editor neither flags `" 2025"`,
/// which builds, nor passes `1999`, which does not.
fn year_as_read(schema: &mut serde_json::Value) {
    if let Some(year) = schema
        .pointer_mut("/$defs/AnnualReportInput/properties/year")
        .and_then(|y| y.as_object_mut())
    {
        year.insert(
            "anyOf".into(),
            serde_json::json!([
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                {"type": "string", "pattern": "^\\s*(20[0-9]{2}|2100)\\s*$"}
            ]),
        );
    }
}

/// 表三's rows (arrays of counts) have six numbers, or seven with 总计: what
/// the tool checks, said in the schema too.
fn row_lengths(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            let is_row = m.get("items") == Some(&serde_json::json!({"$ref": "#/$defs/Count"}));
            if is_row {
                m.insert("minItems".into(), 6.into());
                m.insert("maxItems".into(), 7.into());
            }
            m.values_mut().for_each(row_lengths);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(row_lengths),
        _ => {}
    }
}

/// Replaces the derived `anyOf` of the two kinds by a choice on `kind`
/// (if/then/else), so that an editor validating a report reports the
/// report's own mistake — `year` — rather than "not one of [document]".
fn discriminate_by_kind(schema: &mut serde_json::Value) {
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    root.remove("anyOf");
    let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
    root.insert("type".into(), serde_json::json!("object"));
    root.insert("required".into(), serde_json::json!(["kind"]));
    root.insert(
        "properties".into(),
        serde_json::json!({"kind": {"enum": kinds}}),
    );
    root.insert(
        "if".into(),
        serde_json::json!({"properties": {"kind": {"const": "gov-info-annual-report"}}}),
    );
    root.insert(
        "then".into(),
        serde_json::json!({"$ref": "#/$defs/AnnualReportInput"}),
    );
    root.insert(
        "else".into(),
        serde_json::json!({"$ref": "#/$defs/DocumentInput"}),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// locales/schema.toml: key (without `schema.`) → language → text.
    fn schema_catalogue(
    ) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
        fn flatten(
            prefix: &str,
            table: &toml::Table,
            out: &mut std::collections::BTreeMap<
                String,
                std::collections::BTreeMap<String, String>,
            >,
        ) {
            for (name, value) in table {
                let key = format!("{prefix}{name}");
                match value {
                    toml::Value::Table(t) if t.values().all(|v| v.is_str()) => {
                        let texts = t
                            .iter()
                            .map(|(l, v)| (l.clone(), v.as_str().unwrap().to_string()))
                            .collect();
                        out.insert(key, texts);
                    }
                    toml::Value::Table(t) => flatten(&format!("{key}."), t, out),
                    _ => {}
                }
            }
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/schema.toml");
        let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut out = std::collections::BTreeMap::new();
        flatten("", &table, &mut out);
        out
    }

    /// What the catalogue must name: `definition.<Def>` for the top level and
    /// every definition, `<Def>.<property>` for every property.
    fn schema_names() -> std::collections::BTreeSet<String> {
        let mut schema = schema_in(Lang::En);
        let mut names = std::collections::BTreeSet::new();
        names.insert(format!("definition.{TOP_LEVEL}"));
        for prop in schema["properties"].as_object().unwrap().keys() {
            names.insert(format!("{TOP_LEVEL}.{prop}"));
        }
        for (name, def) in schema["$defs"].as_object_mut().unwrap().iter_mut() {
            names.insert(format!("definition.{name}"));
            for (prop, _) in properties_mut(def) {
                names.insert(format!("{name}.{prop}"));
            }
        }
        names
    }

    #[test]
    fn every_property_has_a_title_and_description_in_both_languages() {
        let catalogue = schema_catalogue();
        let names = schema_names();
        // 144 properties of the definitions, the blocks' 9 kinds, `kind`, and
        // the definitions themselves
        assert!(names.len() > 190, "{}", names.len());
        for name in &names {
            for field in ["title", "description"] {
                let key = format!("schema.{name}.{field}");
                let texts = catalogue
                    .get(&key)
                    .unwrap_or_else(|| panic!("`{key}` is not in locales/schema.toml"));
                for lang in ["en", "zh"] {
                    assert!(
                        texts.get(lang).is_some_and(|t| !t.trim().is_empty()),
                        "`{key}` has no {lang}"
                    );
                }
            }
        }
        // and no entry for a property or definition that is gone
        for key in catalogue.keys() {
            let name = key
                .strip_prefix("schema.")
                .and_then(|k| {
                    k.strip_suffix(".title")
                        .or_else(|| k.strip_suffix(".description"))
                })
                .unwrap_or_else(|| panic!("`{key}`: not schema.<…>.title or .description"));
            assert!(
                names.contains(name),
                "`{key}` names nothing in the schema (renamed or removed?)"
            );
        }
    }

    #[test]
    fn the_languages_differ_in_titles_and_descriptions_only() {
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    m.remove("title");
                    m.remove("description");
                    m.values_mut().for_each(strip);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let (mut zh, mut en) = (schema_in(Lang::Zh), schema_in(Lang::En));
        let year = |s: &serde_json::Value, f: &str| {
            s["$defs"]["AnnualReportInput"]["properties"]["year"][f]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(year(&zh, "title"), "报告年度");
        assert_eq!(year(&en, "title"), "Report year");
        assert_eq!(
            zh["$defs"]["HeaderInput"]["properties"]["doc_number"]["title"],
            "发文字号"
        );
        assert_eq!(zh["properties"]["kind"]["title"], "文件类型");
        assert_eq!(zh["title"], "gongwen 输入文件");
        strip(&mut zh);
        strip(&mut en);
        assert_eq!(zh, en);
    }

    #[test]
    fn tabs_between_quotes_are_escaped_and_others_kept() {
        let t = "{\t\"a\": \"x\ty\", \"b\": \"\\\"\t\"}";
        assert_eq!(
            escape_raw_tabs(t),
            "{\t\"a\": \"x\\ty\", \"b\": \"\\\"\\t\"}"
        );
    }

    #[test]
    fn bom_is_accepted() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
    }

    #[test]
    fn utf16_is_explained() {
        let e = decode(b"\xFF\xFE{\0}\0").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{}", e.message);
    }

    #[test]
    fn gbk_is_explained_with_position() {
        // "标题" in GBK
        let e = decode(b"{\n\"a\": \"\xB1\xEA\xCC\xE2\"}").unwrap_err();
        assert!(e.message.contains("GBK"), "{}", e.message);
        assert_eq!(e.location, "2:7");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse("{\n  \"kind\": \"document\",\n  \"blocks\": [}\n").unwrap_err();
        assert_eq!(e.location, "3:14");
        assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
    }

    #[test]
    fn unknown_kind_suggests() {
        let e = parse(r#"{"kind": "documnet"}"#).unwrap_err();
        assert!(
            e.message.contains("did you mean `document`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn did_you_mean_only_for_close_names() {
        assert_eq!(
            did_you_mean("titel", &["title", "blocks"]),
            "; did you mean `title`?"
        );
        assert_eq!(did_you_mean("zzzzzz", &["title", "blocks"]), "");
    }
}
