//! The user's language: every message, warning and help text comes from one
//! catalogue, `locales/*.toml`, where each message is written in Chinese and
//! English side by side:
//!
//! ```toml
//! [json.full_width]
//! en = "“%{found}” is a full-width %{what} …"
//! zh = "“%{found}”是中文%{what}……"
//! ```
//!
//! The catalogue is kept by `rust-i18n`: it compiles the files into the
//! binary (no files to install beside it, no loading errors at run time),
//! its `t!` macro takes named arguments, and its "version 2" layout puts the
//! two languages of a message next to each other, so a translator sees both
//! and a test (`every_message_has_both_languages`) can check that neither is
//! missing. Fluent was the other candidate; its plural and gender machinery
//! buys nothing for Chinese and English messages about counts that are
//! printed as written, and it loads its files at run time.
//!
//! The language is process-wide for a command-line run, which sets it once
//! from `--lang` or the locale ([`set_language`]). A server answers each
//! request in the request's language: [`with_language`] sets it for the
//! current thread while one request is checked or built, and the crate's
//! [`t!`] reads that first. The library's default is English.

/// A language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The catalogue's name for the language.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// `zh`, `zh-CN`, `zh_TW.UTF-8`, `en`, `en_US`… (case ignored); `None` for
    /// anything else.
    pub fn parse(name: &str) -> Option<Lang> {
        let lower = name.trim().to_ascii_lowercase();
        let primary = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match primary {
            "zh" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale setting: `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG` (the first that is set and not empty decides, as for every
    /// POSIX program); Chinese for `zh*`, English for anything else (`C`,
    /// `POSIX`, `en_US.UTF-8`, `de_DE`…). `None` when none is set.
    pub fn from_locale_vars(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Option<Lang> {
        let setting = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty())?;
        Some(Lang::parse(setting).unwrap_or(Lang::En))
    }

    /// The user's language: the locale variables, or where none is set (as on
    /// Windows) the operating system's UI language.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok();
        Lang::from_locale_vars(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
        .or_else(|| sys_locale::get_locale().and_then(|l| Lang::parse(&l)))
        .unwrap_or(Lang::En)
    }
}

/// Sets the language of every message from now on, process-wide.
pub fn set_language(lang: Lang) {
    rust_i18n::set_locale(lang.code());
}

thread_local! {
    /// The language of the work on this thread, where it differs from the
    /// process's ([`with_language`]).
    static THREAD_LANGUAGE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language messages are written in now: this thread's, while
/// [`with_language`] runs, else the process's (rust-i18n's setting).
pub fn language() -> Lang {
    THREAD_LANGUAGE
        .with(|l| l.get())
        .unwrap_or_else(|| Lang::parse(&rust_i18n::locale()).unwrap_or(Lang::En))
}

/// Runs `f` with every message of this thread in `lang` (a server's
/// request), and restores the thread's language after, even on a panic.
pub fn with_language<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THREAD_LANGUAGE.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(THREAD_LANGUAGE.with(|l| l.replace(Some(lang))));
    f()
}

/// rust-i18n's `t!`, in [`language`]: the catalogue's text for a key, with
/// named arguments (`t!("diag.error")`, `t!("build.ok", input = name)`).
macro_rules! t {
    ($key:expr $(,)?) => {
        rust_i18n::t!($key, locale = $crate::i18n::language().code())
    };
    ($key:expr, $($args:tt)+) => {
        rust_i18n::t!($key, locale = $crate::i18n::language().code(), $($args)+)
    };
}
pub(crate) use t;

/// The catalogue's text for `key` in `lang`, or `None` when the catalogue
/// has no such entry: for texts looked up by a computed key (help texts,
/// the schema's titles), where a missing entry must not print the key.
pub fn lookup(key: &str, lang: Lang) -> Option<String> {
    crate::_rust_i18n_try_translate(lang.code(), key).map(|t| t.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    #[test]
    fn a_thread_speaks_its_own_language() {
        let outside = language();
        let other = if outside == Lang::Zh {
            Lang::En
        } else {
            Lang::Zh
        };
        let inside = with_language(other, || (language(), t!("diag.error").into_owned()));
        assert_eq!(inside.0, other);
        let expected = lookup("diag.error", other).unwrap();
        assert_eq!(inside.1, expected);
        // another thread is not affected while one thread has its own language
        let seen = with_language(other, || std::thread::spawn(language).join().unwrap());
        assert_eq!(seen, outside);
        assert_eq!(language(), outside);
    }

    #[test]
    fn locale_names() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("ZH"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
    }

    #[test]
    fn posix_order_decides() {
        let zh = Some("zh_CN.UTF-8");
        assert_eq!(Lang::from_locale_vars(None, None, zh), Some(Lang::Zh));
        assert_eq!(Lang::from_locale_vars(Some("C"), None, zh), Some(Lang::En));
        assert_eq!(
            Lang::from_locale_vars(Some(""), Some("zh_TW"), Some("C")),
            Some(Lang::Zh)
        );
        assert_eq!(
            Lang::from_locale_vars(None, None, Some("de_DE")),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_locale_vars(None, Some(""), None), None);
    }

    /// Every `*.toml` under `locales/`: message key → language → text.
    fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut all = BTreeMap::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let table: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            flatten(&file, "", &table, &mut all);
        }
        all
    }

    /// `[a.b] en = … zh = …` → key `a.b`; anything else is a malformed entry.
    fn flatten(
        file: &Path,
        prefix: &str,
        table: &toml::Table,
        out: &mut BTreeMap<String, BTreeMap<String, String>>,
    ) {
        for (name, value) in table {
            if prefix.is_empty() && name == "_version" {
                continue;
            }
            let key = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            let toml::Value::Table(t) = value else {
                panic!("{}: `{key}` is not a table", file.display());
            };
            if t.values().all(|v| v.is_str()) {
                let texts = t
                    .iter()
                    .map(|(l, v)| (l.clone(), v.as_str().unwrap().to_string()))
                    .collect();
                assert!(
                    out.insert(key.clone(), texts).is_none(),
                    "`{key}` twice in the catalogue"
                );
            } else {
                flatten(file, &key, t, out);
            }
        }
    }

    /// The text without its `%{name}` arguments.
    fn without_arguments(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some((before, after)) = rest.split_once("%{") {
            out.push_str(before);
            rest = after.split_once('}').map_or("", |(_, tail)| tail);
        }
        out.push_str(rest);
        out
    }

    /// The `%{name}` arguments a text takes.
    fn arguments(text: &str) -> BTreeSet<&str> {
        text.split("%{")
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_message_has_both_languages() {
        let catalogue = catalogue();
        assert!(catalogue.len() > 50, "catalogue not found or nearly empty");
        for (key, texts) in &catalogue {
            let langs: BTreeSet<&str> = texts.keys().map(String::as_str).collect();
            assert_eq!(
                langs,
                BTreeSet::from(["en", "zh"]),
                "`{key}` must be written in exactly en and zh"
            );
            for (lang, text) in texts {
                assert!(!text.trim().is_empty(), "`{key}`.{lang} is empty");
            }
            assert_eq!(
                arguments(&texts["en"]),
                arguments(&texts["zh"]),
                "`{key}`: en and zh take different %{{arguments}}"
            );
            // the Chinese text is Chinese where the English has words (a copy of
            // the English would pass the checks above)
            let zh = &texts["zh"];
            let has_words = without_arguments(&texts["en"])
                .chars()
                .any(|c| c.is_ascii_alphabetic());
            assert!(
                !has_words || zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "`{key}`.zh has no Chinese: {zh}"
            );
        }
    }

    /// The text of every source file, one after the other.
    fn all_sources() -> String {
        rust_sources()
            .iter()
            .map(|(_, text)| text.as_str())
            .collect()
    }

    /// Every `.rs` file under `src/`: path and text.
    fn rust_sources() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    /// Every key named by a `t!` call in the sources, with its file.
    fn keys_used() -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (file, text) in rust_sources() {
            let mut pieces = text.split("t!(\"");
            let mut before = pieces.next().unwrap_or("");
            for piece in pieces {
                // `t!(` itself, not the end of `format!(` or `assert!(`
                let own_macro = !before
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if let (true, Some((key, _))) = (own_macro, piece.split_once('"')) {
                    out.push((key.to_string(), file.clone()));
                }
                before = piece;
            }
        }
        out
    }

    #[test]
    fn every_key_used_is_in_the_catalogue_and_every_entry_is_used() {
        let catalogue = catalogue();
        let used = keys_used();
        assert!(used.len() > 20, "no t!(…) calls found");
        for (key, file) in &used {
            assert!(
                catalogue.contains_key(key),
                "{file}: `{key}` is not in locales/"
            );
        }
        // a key is used when the sources name it: in t!(…), or as a string
        // handed to one (an I/O action, a match arm choosing the message);
        // the command line's help texts are looked up by computed names and
        // checked where they are built (src/main.rs' tests), and so are the
        // schema's titles and descriptions (src/input/mod.rs' tests)
        let sources = all_sources();
        for key in catalogue.keys() {
            let computed = key.starts_with("cli.") || key.starts_with("schema.");
            assert!(
                sources.contains(&format!("\"{key}\"")) || computed,
                "`{key}` is in locales/ but never used"
            );
        }
    }

    #[test]
    fn the_compiled_catalogue_answers_in_both_languages() {
        for (key, texts) in catalogue() {
            for lang in ["en", "zh"] {
                let got = rust_i18n::t!(key.as_str(), locale = lang);
                assert_eq!(got, texts[lang].as_str(), "`{key}` in {lang}");
            }
        }
    }
}
