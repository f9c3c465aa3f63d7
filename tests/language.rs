//! The clerk's language (issue 12): the starter report filled in, then one
//! typical mistake at a time, each said in Chinese under a Chinese locale and
//! in English under `LANG=C` — one test per row of the table — and
//! the help in the locale's language.

mod common;

use common::{gongwen, gongwen_env, gongwen_zh, stderr, temp_dir};
use std::path::PathBuf;

/// The starter report with every gap filled, so that only the mistake
/// under test is wrong.
fn filled() -> String {
    let report = common::filled_starter("某某县人民政府办公室", 2025);
    serde_json::to_string_pretty(&report).unwrap() + "\n"
}

/// One mistake: the file, the checks' output in both languages.
struct Case {
    name: &'static str,
    json: String,
    extra: Vec<String>,
}

impl Case {
    fn new(name: &'static str, json: String) -> Case {
        Case {
            name,
            json,
            extra: Vec::new(),
        }
    }

    fn with(mut self, args: &[&str]) -> Case {
        self.extra = args.iter().map(|a| a.to_string()).collect();
        self
    }

    fn file(&self) -> PathBuf {
        let dir = temp_dir(&format!("language-{}", self.name));
        let path = dir.join(format!("{}.json", self.name));
        std::fs::write(&path, &self.json).unwrap();
        path
    }

    /// `gongwen check` in English and in Chinese: exit codes and all output.
    fn run(&self) -> [(Option<i32>, String); 2] {
        let path = self.file();
        let mut args = vec!["check".to_string(), path.display().to_string()];
        args.extend(self.extra.iter().cloned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let en = gongwen(&args);
        let zh = gongwen_zh(&args);
        let all = |o: &std::process::Output| format!("{}{}", stdout(o), stderr(o));
        [(en.status.code(), all(&en)), (zh.status.code(), all(&zh))]
    }

    /// The check fails (exit 1) and says `en` in English and `zh` in Chinese.
    fn refused(&self, en: &[&str], zh: &[&str]) {
        let [(en_code, en_out), (zh_code, zh_out)] = self.run();
        assert_eq!(en_code, Some(1), "{}: {en_out}", self.name);
        assert_eq!(zh_code, Some(1), "{}: {zh_out}", self.name);
        says(self.name, &en_out, en);
        says(self.name, &zh_out, zh);
        assert!(en_out.contains(": error: "), "{}: {en_out}", self.name);
        assert!(zh_out.contains("：错误："), "{}: {zh_out}", self.name);
    }

    /// The check passes and warns `en` / `zh`.
    fn warned(&self, en: &[&str], zh: &[&str]) {
        let [(en_code, en_out), (zh_code, zh_out)] = self.run();
        assert_eq!(en_code, Some(0), "{}: {en_out}", self.name);
        assert_eq!(zh_code, Some(0), "{}: {zh_out}", self.name);
        says(self.name, &en_out, en);
        says(self.name, &zh_out, zh);
        assert!(zh_out.contains("：警告："), "{}: {zh_out}", self.name);
        assert!(zh_out.contains("检查通过"), "{}: {zh_out}", self.name);
    }

    /// The check passes without a word about it.
    fn accepted(&self) {
        let [(en_code, en_out), (zh_code, zh_out)] = self.run();
        assert_eq!(en_code, Some(0), "{}: {en_out}", self.name);
        assert_eq!(zh_code, Some(0), "{}: {zh_out}", self.name);
        assert!(!en_out.contains("warning"), "{}: {en_out}", self.name);
        assert!(!zh_out.contains("警告"), "{}: {zh_out}", self.name);
    }
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn says(name: &str, out: &str, expected: &[&str]) {
    for e in expected {
        assert!(out.contains(e), "{name}: expected “{e}” in:\n{out}");
    }
}

/// The filled starter with `from` replaced by `to` once (the text must be there).
fn edited(from: &str, to: &str) -> String {
    let text = filled();
    assert!(text.contains(from), "the starter has no {from:?}");
    text.replacen(from, to, 1)
}

/// The year line of the starter, `"year": 2025`.
fn year_line() -> String {
    let text = filled();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("\"year\": "));
    line.expect("a year").to_string()
}

/// The agency line of the starter, `"agency": "…",` at the top level.
fn agency_line() -> String {
    let text = filled();
    let line = text
        .lines()
        .find(|l| l.starts_with("  \"agency\": "))
        .expect("top-level agency");
    line.to_string()
}

#[test]
fn a_full_width_comma_between_fields() {
    let line = agency_line();
    let mistake = line.replace("\",", "\"，");
    Case::new("full-width-comma", edited(&line, &mistake)).refused(
        &["“，” is a full-width comma", "type “,”", "^"],
        &[
            "这里是中文逗号“，”，请改为英文逗号“,”",
            "第 ",
            " 行第 ",
            " 列",
            "^",
        ],
    );
}

#[test]
fn chinese_quotes_a_trailing_comma_and_a_comment_are_told_apart() {
    let line = agency_line();
    Case::new(
        "chinese-quotes",
        edited(&line, &line.replacen("\"agency\"", "“agency”", 1)),
    )
    .refused(
        &["““” is a full-width quotation mark"],
        &["这里是中文引号““”，请改为英文引号“\"”"],
    );
    let text = filled();
    let end = text.trim_end().strip_suffix('}').unwrap().trim_end();
    Case::new("trailing-comma", format!("{end},\n}}\n")).refused(
        &["comma after the last item"],
        &["最后一项后面多了逗号", "请删去这个“,”"],
    );
    Case::new("comment", edited(&line, &format!("{line} // 机关名称")))
        .refused(&["JSON has no comments"], &["JSON 里不能写注释"]);
}

#[test]
fn full_width_digits_unquoted() {
    let year = year_line();
    Case::new(
        "full-width-digits",
        edited(&year, &year.replace("2025", "２０２５")),
    )
    .refused(
        &["“２０２５” are full-width digits", "type 2025"],
        &["“２０２５”是全角数字", "请改为 2025"],
    );
}

#[test]
fn the_year_and_counts_quoted_are_read_as_written() {
    // one rule for numbers: quoted or not, read as written (README)
    let year = year_line();
    Case::new(
        "year-quoted",
        edited(&year, &year.replace("2025", "\"2025\"")),
    )
    .accepted();
}

#[test]
fn help_follows_the_locale_and_the_lang_option() {
    let zh = gongwen_zh(&["--help"]);
    let text = stdout(&zh);
    assert!(text.contains("用法：gongwen [选项] <命令>"), "{text}");
    assert!(text.contains("把每个输入"), "{text}");
    let zh = gongwen_zh(&["build", "--help"]);
    let text = stdout(&zh);
    assert!(text.contains("输出文件夹（默认：output）"), "{text}");
    assert!(text.contains("示例："), "{text}");
    let en = gongwen_env(&["build", "--help"], &[("LANG", "C")]);
    let text = stdout(&en);
    assert!(text.contains("Usage: gongwen build [OPTIONS]"), "{text}");
    assert!(text.contains("Output folder (default: output)"), "{text}");
    // --lang wins over the locale, both ways
    let text = stdout(&gongwen_zh(&["--lang", "en", "--help"]));
    assert!(text.contains("Usage: gongwen"), "{text}");
    let text = stdout(&gongwen(&["build", "--help", "--lang", "zh"]));
    assert!(text.contains("用法："), "{text}");
    // LC_ALL decides before LANG, as for every POSIX program
    let text = stdout(&gongwen_env(
        &["--help"],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
    ));
    assert!(text.contains("用法："), "{text}");
}

/// What a newcomer reads first (issue 21): the whole 公文 and the three
/// formats, not “title, headings, paragraphs, tables, signature”.
#[test]
fn the_help_names_the_whole_gongwen_and_ofd_in_both_languages() {
    let en = stdout(&gongwen_env(&["--help"], &[("LANG", "C")]));
    let zh = stdout(&gongwen_zh(&["--help"]));
    for (text, words) in [
        (
            &en,
            [
                "版头", "印章", "附件", "版记", "信函", "命令", "纪要", "OFD",
            ],
        ),
        (
            &zh,
            [
                "版头", "印章", "附件", "版记", "信函", "命令", "纪要", "OFD",
            ],
        ),
    ] {
        for w in words {
            assert!(text.contains(w), "{w} missing: {text}");
        }
        assert!(!text.contains("paragraphs, tables, signature"), "{text}");
    }
    assert!(en.contains("GB/T 33190") && zh.contains("GB/T 33190"));
}

#[test]
fn command_line_mistakes_in_chinese() {
    let o = gongwen_zh(&["build", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("错误：不认识的参数“--bogus”"), "{err}");
    assert!(err.contains("用法：gongwen build"), "{err}");
    let o = gongwen_zh(&["build", "x.json", "--formats", "pdq"]);
    let err = stderr(&o);
    assert!(err.contains("没有“pdq”这种格式"), "{err}");
    let o = gongwen(&["build", "x.json", "--formats", "pdq"]);
    let err = stderr(&o);
    assert!(err.contains("unknown format `pdq`"), "{err}");
}

/// The filled starter as a JSON value, to change one field.
fn filled_value() -> serde_json::Value {
    common::filled_starter("某某县人民政府办公室", 2025)
}

fn with(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v = filled_value();
    change(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn full_width_digits_quoted_and_a_fraction_as_a_count() {
    let quoted = with(|v| v["active_disclosure"]["penalty_decisions"] = "１２".into());
    Case::new("full-width-quoted", quoted).refused(
        &["“１２” has full-width digits", "type 12"],
        &["“１２”是全角数字，请改为半角 12", "表二“行政处罚”行"],
    );
    let fraction = edited("\"penalty_decisions\": 0", "\"penalty_decisions\": 18.0");
    Case::new("fraction-count", fraction).refused(
        &["expected a non-negative integer, got 18.0"],
        &["应为 0 或正整数，实际为 18.0"],
    );
}

#[test]
fn numbers_quoted_or_not_are_accepted_everywhere() {
    Case::new(
        "fee-unquoted",
        with(|v| v["active_disclosure"]["fees_wan_yuan"] = 0.into()),
    )
    .accepted();
    Case::new(
        "count-quoted",
        with(|v| v["active_disclosure"]["penalty_decisions"] = "12".into()),
    )
    .accepted();
}

#[test]
fn pasted_tabs_line_breaks_and_invisible_characters_are_cleaned_with_a_warning() {
    let platform = |text: &str| {
        let text = text.to_string();
        with(move |v| v["overview"]["platform"] = text.into())
    };
    Case::new(
        "tab-crlf",
        platform("政府网站\t运行平稳。\r\n平台建设有序。"),
    )
    .warned(
        &["overview.platform", "pasted text cleaned", "tab"],
        &[
            "overview.platform",
            "已自动整理",
            "制表符",
            "Windows 换行符",
        ],
    );
    // a tab typed between the quotes (not written \t) is read the same way
    let raw_tab = platform("政府网站运行平稳。").replace("政府网站运行", "政府网站\t运行");
    Case::new("raw-tab", raw_tab).warned(&["tab"], &["制表符"]);
    let [(_, en), (_, zh)] = Case::new("feff", platform("政府网站\u{feff}运行平稳。")).run();
    assert!(zh.contains("看不见的字符") && !zh.contains("安装"), "{zh}");
    assert!(en.contains("U+FEFF") && !en.contains("install"), "{en}");
    Case::new("nbsp-indent", platform("　　政府网站\u{a0}运行平稳。")).warned(
        &["non-breaking", "indent"],
        &["不换行空格", "段首手工输入的全角空格"],
    );
}

#[test]
fn the_starters_gaps_are_errors_and_warnings_in_a_draft() {
    let text = gongwen::report::starter::annual_report("某某县人民政府办公室", 2025);
    Case::new("gaps", text.clone()).refused(
        &["the starter's gap “（数量）” is still in the text"],
        &["文中还留着模板的待填内容“（数量）”", "--draft"],
    );
    Case::new("gaps-draft", text)
        .with(&["--draft"])
        .warned(&["the starter's gap"], &["文中还留着模板的待填内容"]);
}

#[test]
fn an_empty_section_is_named() {
    let empty = with(|v| {
        v["problems"] = serde_json::json!([]);
        v["overview"]["platform"] = "".into();
    });
    Case::new("empty-section", empty).warned(
        &["is empty: its heading would stand with nothing under it"],
        &["没有内容：报告中这个标题下面将是空的"],
    );
}

#[test]
fn previous_must_be_the_same_agency_and_the_year_before() {
    let dir = temp_dir("language-previous");
    let other = dir.join("other.json");
    let mut last = common::filled_starter("另一个局", 2024);
    last["signature"]["agency"] = "另一个局".into();
    std::fs::write(&other, serde_json::to_string(&last).unwrap()).unwrap();
    Case::new("previous-agency", filled())
        .with(&["--previous", other.to_str().unwrap()])
        .refused(
            &["last year's report is of “另一个局”"],
            &["请给出同一单位的上一年度报告"],
        );
    let same_year = dir.join("same-year.json");
    let this = common::filled_starter("某某县人民政府办公室", 2025);
    std::fs::write(&same_year, serde_json::to_string(&this).unwrap()).unwrap();
    Case::new("previous-year", filled())
        .with(&["--previous", same_year.to_str().unwrap()])
        .refused(&["give the report for 2024"], &["请给出 2024 年度的报告"]);
}

/// Every message the invalid fixtures give is Chinese under a Chinese
/// locale: no English sentence words outside the parts quoted from the input
/// or from serde (kept in parentheses for whoever reports a bug).
#[test]
fn every_invalid_fixture_is_explained_in_chinese() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 15);
    let english = [
        " the ",
        " is ",
        " expected ",
        " got ",
        " must ",
        " not ",
        " error",
        " warning",
    ];
    for file in files {
        let o = gongwen_zh(&["check", file.to_str().unwrap()]);
        let out = format!("{}{}", stdout(&o), stderr(&o));
        for line in out
            .lines()
            .filter(|l| l.contains("：错误：") || l.contains("：警告："))
        {
            let message = line
                .split_once("：错误：")
                .or(line.split_once("：警告："))
                .unwrap()
                .1;
            // what serde said is kept after the Chinese, in （…）
            let message = message.split('（').next().unwrap_or(message);
            for word in english {
                assert!(!message.contains(word), "English “{word}” in: {line}");
            }
            assert!(
                message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "no Chinese in: {line}"
            );
        }
    }
}
