//! The `gongwen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

// the catalogue again for the binary's own texts (rust-i18n's `t!` looks in
// the crate it is used in); the language setting is shared with the library
rust_i18n::i18n!("locales", fallback = "en");

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use gongwen::i18n::{self, Lang};
use rust_i18n::t;

/// See Cargo.toml: glibc's allocator fragments badly on long documents.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay`
/// (their places in `mi_option_e` of the mimalloc 3 bundled with
/// libmimalloc-sys 0.1.49, which names only some of them).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commits memory as it is used and returns freed memory at once: measured
/// on the specimen, peak RSS 47 MB → 23 MB; on a 5 000-page document
/// 107 MB → 73 MB; time unchanged within noise.
///
/// No transparent huge pages: a build's heap is a few MB, and a 2 MB page
/// faulted in for each arena region touched made the specimen's peak RSS
/// 44–50 MB instead of 28 MB. mimalloc is built without its
/// `madvise(MADV_HUGEPAGE)` (libmimalloc-sys's `no_thp`, Cargo.toml); on
/// systems whose THP setting is `always` the kernel would use huge pages
/// anyway, which the process opts out of here, as mimalloc's own
/// `allow_thp=0` does (it can only be set by the environment, before start).
fn tune_allocator() {
    // SAFETY: mimalloc allows changing options at any time; both take integers
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; a kernel
    // older than 3.15 answers EINVAL, which is ignored
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

use gongwen::fonts::{FontChoices, FontSource};
use gongwen::style::FontRole;
use gongwen::Options;

#[derive(Parser)]
// Every help text (about, arguments, examples) is in the message catalogue,
// locales/cli.toml, in Chinese and English: `localized` sets them on the
// command before it parses, so `--help` speaks the user's language.
#[command(name = "gongwen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(long, global = true, value_name = "zh|en", value_parser = ["zh", "en"])]
    lang: Option<String>,
}

#[derive(clap::Args, Clone)]
struct FontArgs {
    #[arg(long, value_name = "SOURCE", default_value = "system", value_parser = ["system", "bundled"])]
    fonts: String,
    #[arg(long = "font", value_name = "ROLE=FAMILY_OR_FILE")]
    font: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    Build {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(
            short = 'o',
            long = "out",
            value_name = "DIR",
            default_value = "output"
        )]
        out: PathBuf,
        #[command(flatten)]
        fonts: FontArgs,
        #[arg(long, value_name = "LAST_YEAR.json")]
        previous: Option<PathBuf>,
        #[arg(long)]
        draft: bool,
        #[arg(long, value_name = "LIST", default_value = "docx,pdf", value_parser = gongwen::Formats::parse)]
        formats: gongwen::Formats,
        #[arg(long, value_name = "names|embed", default_value = "names", value_parser = gongwen::DocxFonts::NAMES)]
        docx_fonts: String,
        #[arg(long, value_name = "human|json", default_value = "human", value_parser = ["human", "json"])]
        message_format: String,
        #[arg(long, value_name = "DIR")]
        assets: Vec<PathBuf>,
    },
    Check {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        draft: bool,
        #[command(flatten)]
        fonts: FontArgs,
        #[arg(long, value_name = "LAST_YEAR.json")]
        previous: Option<PathBuf>,
        #[arg(long, value_name = "human|json", default_value = "human", value_parser = ["human", "json"])]
        message_format: String,
        #[arg(long, value_name = "DIR")]
        assets: Vec<PathBuf>,
    },
    Serve {
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        #[arg(long, value_name = "SOURCE", default_value = "system", value_parser = ["system", "bundled"])]
        fonts: String,
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        #[arg(long, value_name = "N")]
        workers: Option<usize>,
        #[arg(long, value_name = "N")]
        queue: Option<usize>,
        #[arg(long, value_name = "MB")]
        max_body_mb: Option<usize>,
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
    },
    New {
        #[arg(value_parser = ["annual-report"])]
        what: String,
        #[arg(long, required_unless_present = "from")]
        agency: Option<String>,
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        year: Option<i32>,
        #[arg(long, value_name = "LAST_YEAR.json|.docx")]
        from: Option<PathBuf>,
    },
    Import {
        #[arg(value_name = "DRAFT.docx|.txt|.md")]
        input: PathBuf,
        #[arg(short = 'o', long = "out", value_name = "FILE.json")]
        out: Option<PathBuf>,
        #[arg(long = "as", value_name = "document|report", value_parser = ["document", "report"])]
        kind: Option<String>,
    },
    Schema,
    Fonts {
        input: Option<PathBuf>,
        #[command(flatten)]
        fonts: FontArgs,
    },
}

fn options(fonts: &FontArgs, previous: Option<PathBuf>) -> Result<Options, String> {
    let mut choices = FontChoices::default();
    for f in &fonts.font {
        let (role, value) = f
            .split_once('=')
            .ok_or_else(|| t!("build.font_option_form", value = f).to_string())?;
        let role = FontRole::from_key(role.trim()).ok_or_else(|| {
            let keys: Vec<&str> = FontRole::ALL.iter().map(|r| r.key()).collect();
            t!(
                "build.font_option_role",
                value = f,
                role = role,
                roles = keys.join(", ")
            )
            .to_string()
        })?;
        choices.by_role.insert(role, value.trim().to_string());
    }
    let font_source = if fonts.fonts == "bundled" {
        FontSource::Bundled
    } else {
        FontSource::System
    };
    // a --font that cannot be used is a wrong command line: say so before any input is read
    if !choices.by_role.is_empty() {
        let names = gongwen::style::StyleProfile::gbt9704().fonts;
        gongwen::fonts::FontBook::resolve(&names, &choices, font_source)?;
    }
    Ok(Options {
        font_source,
        font_choices: choices,
        previous: previous.map(gongwen::Previous::File),
        formats: Default::default(),
        draft: false,
        docx_fonts: Default::default(),
        asset_folders: Vec::new(),
    })
}

/// What was recognised in a draft, one part a line (on standard error when
/// standard output carries the JSON).
fn print_outline(file: &std::path::Path, outline: &gongwen::draft::outline::Outline, stderr: bool) {
    let head = t!("draft.outline.head", input = file.display());
    let lines = std::iter::once(head.to_string())
        .chain(outline.lines().into_iter().map(|l| format!("  {l}")));
    for line in lines {
        if stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

/// The outlines of the drafts among `inputs` (before they are built or checked).
fn print_draft_outlines(inputs: &[PathBuf]) {
    for input in inputs {
        if gongwen::draft::Source::of_path(input).is_none() {
            continue;
        }
        // a draft that cannot be read is reported by the build itself
        if let Ok(imported) = gongwen::import_draft_file(input, None) {
            if let Some(outline) = &imported.outline {
                print_outline(input, outline, false);
            }
        }
    }
}

/// The folders of `--assets`: each must be a folder (a wrong command line otherwise).
fn asset_folders(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    for dir in dirs {
        if !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
            return Err(t!("build.assets_not_a_folder", dir = dir.display()).into());
        }
    }
    Ok(dirs.to_vec())
}

fn print_warnings(file: &std::path::Path, warnings: &[gongwen::error::Diagnostic]) {
    let name = file.display().to_string();
    for w in warnings {
        eprintln!("{}", w.display_for(&name));
    }
}

/// Builds all inputs, with a progress bar on a terminal and a line per file
/// otherwise, then a summary of every failure. Returns whether all succeeded.
fn build_many(inputs: &[PathBuf], out: &std::path::Path, opts: &Options) -> bool {
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::IsTerminal;
    let bar = (inputs.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {wide_msg}")
                .expect("valid template"),
        );
        b
    });
    let report = |o: &gongwen::batch::Outcome| {
        let line = match &o.result {
            Ok(warnings) => {
                let name = o.input.display().to_string();
                let mut s = String::new();
                for w in warnings {
                    s.push_str(&w.display_for(&name));
                    s.push('\n');
                }
                let stem = gongwen::output_stem(&o.input);
                s.push_str(&format!(
                    "{} → {}",
                    o.input.display(),
                    out.join(format!("{stem}.{}", opts.formats.extensions().join(", .")))
                        .display()
                ));
                s
            }
            Err(e) => e.to_string(),
        };
        match &bar {
            Some(b) => {
                if o.result.is_err() {
                    b.println(&line);
                }
                b.inc(1);
            }
            None if o.result.is_ok() => println!("{line}"),
            None => eprintln!("{line}"),
        }
    };
    let outcomes = gongwen::batch::build_all(inputs, out, opts, &report);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    if inputs.len() > 1 {
        eprintln!(
            "{}",
            t!(
                "build.summary",
                ok = outcomes.len() - failed.len(),
                all = outcomes.len(),
                out = out.display()
            )
        );
        if !failed.is_empty() {
            eprintln!("{}", t!("build.failed"));
            for o in &failed {
                if let Err(e) = &o.result {
                    eprintln!("  {}", e.first_line());
                }
            }
        }
    }
    failed.is_empty()
}

/// One input's outcome as one line of JSON (`--message-format json`): the
/// same `{"ok", "errors", "warnings"}` the server answers.
fn print_outcome(
    input: &std::path::Path,
    result: &Result<Vec<gongwen::error::Diagnostic>, gongwen::error::Error>,
) {
    let name = input.display().to_string();
    let outcome = gongwen::error::Outcome::of(&name, result);
    println!(
        "{}",
        serde_json::to_string(&outcome).expect("an outcome serialises")
    );
}

/// `build --message-format json`: a line of JSON per input, nothing else.
fn build_many_json(inputs: &[PathBuf], out: &std::path::Path, opts: &Options) -> bool {
    let outcomes =
        gongwen::batch::build_all(inputs, out, opts, &|o| print_outcome(&o.input, &o.result));
    outcomes.iter().all(|o| o.result.is_ok())
}

/// `gongwen serve`: the limits from the options, the token from its file.
fn serve(
    listen: std::net::SocketAddr,
    fonts: &str,
    token_file: Option<PathBuf>,
    workers: Option<usize>,
    queue: Option<usize>,
    max_body_mb: Option<usize>,
    timeout: Option<u64>,
) -> Result<bool, String> {
    let token = match token_file {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let token = text.trim().to_string();
            if token.len() < 16 {
                return Err(t!("server.token_too_short", file = path.display()).into());
            }
            Some(token)
        }
        None => None,
    };
    let mut limits = gongwen::server::Limits::default();
    limits.workers = workers.unwrap_or(limits.workers).max(1);
    limits.queue = queue.unwrap_or(limits.queue);
    if let Some(mb) = max_body_mb {
        limits.max_body_bytes = mb.clamp(1, 1024) * 1024 * 1024;
    }
    if let Some(secs) = timeout {
        limits.request_timeout = std::time::Duration::from_secs(secs.max(1));
    }
    let font_source = if fonts == "bundled" {
        FontSource::Bundled
    } else {
        FontSource::System
    };
    gongwen::server::run(gongwen::server::Config {
        listen,
        font_source,
        token,
        limits,
    })?;
    Ok(true)
}

/// The language of this run: `--lang` if given (read before the command line
/// is parsed, so that `--help` and errors of the command line itself are in
/// it), otherwise the locale.
fn language_of(args: &[std::ffi::OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.to_string()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(lang) = value.as_deref().and_then(Lang::parse) {
            return lang;
        }
    }
    Lang::from_env()
}

/// A help text from the catalogue, or `None` when it has no such key.
fn catalogue_text(key: &str) -> Option<String> {
    i18n::lookup(key, i18n::language())
}

/// The help text of argument `id` of subcommand `sub`: its own
/// (`cli.build.out`), else the one shared by every subcommand (`cli.arg.fonts`).
fn argument_help(sub: &str, id: &str) -> Option<String> {
    catalogue_text(&format!("cli.{sub}.{id}")).or_else(|| catalogue_text(&format!("cli.arg.{id}")))
}

/// The command line with every help text, heading and usage line in the
/// current language. clap's own words (`Usage:`, `Options:`, `Print help`,
/// `[default: …]`) are replaced too: the help flags are declared here and the
/// default and possible values are written into the catalogue's texts.
fn localized(cmd: clap::Command) -> clap::Command {
    let cmd = localize_one(cmd, "root")
        .about(t!("cli.about").to_string())
        .long_about(t!("cli.long_about").to_string())
        .subcommand_help_heading(t!("cli.heading.commands").to_string())
        .subcommand_value_name(t!("cli.heading.command").to_string())
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(t!("cli.arg.version").to_string())
                .help_heading(t!("cli.heading.options").to_string()),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let cmd = names.iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, |sub| {
            let sub = localize_one(sub, name)
                .about(t!(format!("cli.{name}.about")).to_string())
                .after_help(t!(format!("cli.{name}.after_help")).to_string());
            let usage = usage_line(&sub, &format!("gongwen {name}"));
            sub.override_usage(usage)
        })
    });
    let usage = usage_line(&cmd, "gongwen");
    cmd.override_usage(usage)
}

/// clap's usage line of `cmd` (without its "Usage: "), named `full_name`,
/// with its English placeholder words in the current language.
fn usage_line(cmd: &clap::Command, full_name: &str) -> String {
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.replacen("Usage: ", "", 1);
    let rest = usage.split_once(' ').map_or("", |(_, rest)| rest);
    format!("{full_name} {rest}").replace("[OPTIONS]", &t!("cli.usage.options"))
}

/// The parts of one command (the root or a subcommand) that every command
/// has: its arguments' help and headings, its help flag and its template.
fn localize_one(cmd: clap::Command, name: &str) -> clap::Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let cmd = ids.iter().fold(cmd, |cmd, id| {
        cmd.mut_arg(id, |arg| {
            let heading = if arg.is_positional() {
                t!("cli.heading.arguments")
            } else {
                t!("cli.heading.options")
            };
            // the defaults and choices are written into the catalogue's texts
            let takes_values = arg.get_action().takes_values();
            let arg = arg
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values)
                .help_heading(heading.to_string());
            match argument_help(name, id) {
                Some(help) => arg.help(help),
                None => arg,
            }
        })
    });
    cmd.disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(t!("cli.arg.help").to_string())
                .help_heading(t!("cli.heading.options").to_string()),
        )
        .help_template(t!("cli.template").to_string())
}

/// Parses the command line; in Chinese, the command line's own mistakes are
/// explained in Chinese too (clap writes them in English).
fn parse_command_line() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    i18n::set_language(language_of(&args));
    // A command line that parses needs none of the help texts: the command
    // with every text looked up in the catalogue (1.4 M instructions of a
    // report's build) is made only to print help, the version or a
    // mistake. Both commands take the same arguments; clap's own help and
    // version flags and `help` subcommand end in an error here, and so in
    // the localized command, which answers as before.
    if let Ok(cli) = Cli::try_parse_from(&args) {
        return cli;
    }
    let mut cmd = localized(Cli::command());
    let parsed = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => command_line_error(e, &mut cmd),
    }
}

/// Prints a command-line mistake in the current language and exits (2), or
/// prints the help or version asked for and exits (0).
fn command_line_error(e: clap::Error, cmd: &mut clap::Command) -> ! {
    use clap::error::{ContextKind, ErrorKind};
    let shown = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if shown || i18n::language() == Lang::En {
        e.exit();
    }
    let context = |kind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => t!(
            "cli.error.unknown_argument",
            arg = context(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidSubcommand => {
            t!(
                "cli.error.unknown_command",
                command = context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::ValueValidation => t!(
            "cli.error.bad_value",
            value = context(ContextKind::InvalidValue),
            arg = context(ContextKind::InvalidArg),
            reason = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_default()
        ),
        ErrorKind::InvalidValue => t!(
            "cli.error.invalid_value",
            value = context(ContextKind::InvalidValue),
            arg = context(ContextKind::InvalidArg),
            valid = context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            t!(
                "cli.error.missing_argument",
                arg = context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => t!(
            "cli.error.conflict",
            arg = context(ContextKind::InvalidArg),
            other = context(ContextKind::PriorArg)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            t!("cli.error.missing_command")
        }
        _ => t!("cli.error.other", clap = e.to_string().trim()),
    };
    // the usage of the subcommand the mistake is in, else of gongwen
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sub = args
        .iter()
        .find_map(|a| cmd.find_subcommand_mut(a).map(|s| s.get_name().to_string()));
    let target = match sub {
        Some(name) => cmd.find_subcommand_mut(&name).expect("found above"),
        None => cmd,
    };
    let usage = target.render_usage().to_string();
    let usage = usage.replacen("Usage: ", "", 1);
    eprintln!("{}", t!("cli.error.line", what = what, usage = usage));
    std::process::exit(2);
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = parse_command_line();
    // a server handles its own signals (it finishes the requests in flight)
    if !matches!(cli.command, Command::Serve { .. }) {
        gongwen::output::install_signal_cleanup();
    }
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(msg) => {
            eprintln!("gongwen: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<bool, String> {
    match cli.command {
        Command::New {
            what: _,
            agency,
            year,
            from,
        } => {
            let starter = match (from, agency, year) {
                (Some(from), agency, _) => {
                    let last = gongwen::read_report_value(&from).map_err(|e| e.to_string())?;
                    gongwen::report::starter::from_last_year(&last, agency.as_deref())
                        .map_err(|e| format!("{}: {e}", from.display()))?
                }
                (None, Some(agency), Some(year)) => {
                    gongwen::report::starter::annual_report(&agency, year)
                }
                _ => return Err(t!("build.give_agency_and_year").into()),
            };
            print!("{starter}");
            Ok(true)
        }
        Command::Import { input, out, kind } => {
            if out
                .as_deref()
                .is_some_and(|o| gongwen::same_file(o, &input))
            {
                return Err(t!("build.output_is_input", file = input.display()).into());
            }
            let as_ = kind.as_deref().and_then(gongwen::ImportAs::parse);
            let imported = gongwen::import_draft_file(&input, as_).map_err(|e| e.to_string())?;
            print_warnings(&input, &imported.warnings);
            if let Some(outline) = &imported.outline {
                print_outline(&input, outline, true);
            }
            let mut json = serde_json::to_string_pretty(&imported.input)
                .map_err(|e| format!("{}: {e}", input.display()))?;
            json.push('\n');
            match out {
                Some(out) => gongwen::output::write_atomic(&out, json.as_bytes())
                    .map_err(|e| e.to_string())?,
                None => print!("{json}"),
            }
            Ok(true)
        }
        Command::Schema => {
            println!("{}", gongwen::input::schema());
            Ok(true)
        }
        Command::Build {
            inputs,
            out,
            fonts,
            previous,
            draft,
            formats,
            docx_fonts,
            message_format,
            assets,
        } => {
            let opts = Options {
                formats,
                draft,
                docx_fonts: gongwen::DocxFonts::parse(&docx_fonts).unwrap_or_default(),
                asset_folders: asset_folders(&assets)?,
                ..options(&fonts, previous)?
            };
            let inputs = gongwen::batch::collect_inputs(&inputs)?;
            gongwen::batch::check_unique_outputs(&inputs, &opts.formats.extensions())?;
            if message_format == "json" {
                return Ok(build_many_json(&inputs, &out, &opts));
            }
            print_draft_outlines(&inputs);
            Ok(build_many(&inputs, &out, &opts))
        }
        Command::Serve {
            listen,
            fonts,
            token_file,
            workers,
            queue,
            max_body_mb,
            timeout,
        } => serve(
            listen,
            &fonts,
            token_file,
            workers,
            queue,
            max_body_mb,
            timeout,
        ),
        Command::Check {
            inputs,
            previous,
            fonts,
            draft,
            message_format,
            assets,
        } => {
            let opts = Options {
                draft,
                asset_folders: asset_folders(&assets)?,
                ..options(&fonts, previous)?
            };
            let mut ok = true;
            if message_format == "json" {
                for input in &inputs {
                    let result = gongwen::check_file(input, &opts);
                    ok &= result.is_ok();
                    print_outcome(input, &result);
                }
                return Ok(ok);
            }
            print_draft_outlines(&inputs);
            for input in &inputs {
                match gongwen::check_file(input, &opts) {
                    Ok(warnings) => {
                        print_warnings(input, &warnings);
                        println!("{}", t!("build.ok", input = input.display()));
                    }
                    Err(e) => {
                        eprintln!("{e}");
                        ok = false;
                    }
                }
            }
            Ok(ok)
        }
        Command::Fonts { input, fonts } => {
            let opts = options(&fonts, None)?;
            let doc = match &input {
                Some(p) => Some(gongwen::load(p, &opts).map_err(|e| e.to_string())?.0),
                None => None,
            };
            let style = doc.as_ref().map(|d| d.style.clone()).unwrap_or_default();
            let book = gongwen::fonts::FontBook::resolve(
                &style.fonts,
                &opts.font_choices,
                opts.font_source,
            )?;
            for line in book.describe() {
                println!("{line}");
            }
            let (Some(doc), Some(path)) = (doc, input) else {
                return Ok(true);
            };
            let (lines, missing) = book.uncovered_report(&doc, &path.display().to_string());
            for line in lines {
                println!("{line}");
            }
            if missing == 0 {
                println!("{}", t!("build.all_covered", input = path.display()));
            }
            Ok(missing == 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand and argument has its help text in both languages
    /// (the texts are looked up by computed names, which the catalogue test
    /// in src/i18n.rs cannot see).
    #[test]
    fn every_help_text_is_in_both_languages() {
        for lang in [Lang::En, Lang::Zh] {
            let locale = lang.code();
            let has = |key: &str| i18n::lookup(key, lang).is_some();
            let cmd = Cli::command();
            for key in [
                "cli.about",
                "cli.long_about",
                "cli.arg.help",
                "cli.arg.version",
            ] {
                assert!(has(key), "{key} missing in {locale}");
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(
                    has(&format!("cli.arg.{id}")),
                    "cli.arg.{id} missing in {locale}"
                );
            }
            for sub in cmd.get_subcommands() {
                let name = sub.get_name();
                for part in ["about", "after_help"] {
                    assert!(
                        has(&format!("cli.{name}.{part}")),
                        "cli.{name}.{part} in {locale}"
                    );
                }
                for arg in sub.get_arguments() {
                    let id = arg.get_id().as_str();
                    let own = has(&format!("cli.{name}.{id}"));
                    assert!(
                        own || has(&format!("cli.arg.{id}")),
                        "no help for `{name} --{id}` in {locale}"
                    );
                }
            }
        }
    }

    #[test]
    fn lang_option_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            language_of(&args(&["gongwen", "--lang", "zh", "build"])),
            Lang::Zh
        );
        assert_eq!(
            language_of(&args(&["gongwen", "build", "--lang=en"])),
            Lang::En
        );
        // after `--`, `--lang` is a file name
        let after = args(&["gongwen", "build", "--", "--lang", "zh"]);
        assert_eq!(language_of(&after), Lang::from_env());
    }
}
