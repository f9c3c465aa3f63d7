//! `gongwen serve`'s API, tested in-process: the router answers requests
//! through tower's `oneshot`, with no socket and no outside program. The
//! command line is run only to compare its bytes with the server's.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gongwen::fonts::FontSource;
use gongwen::server::{router, Limits, State};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;

use common::{build_with, temp_dir};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

fn state_with(limits: Limits, token: Option<&str>) -> Arc<State> {
    State::new(FontSource::Bundled, token.map(str::to_string), limits)
}

fn state() -> Arc<State> {
    state_with(Limits::default(), None)
}

/// A response's status, headers and body.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

async fn send_to(state: Arc<State>, request: Request<Body>) -> Answer {
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn send(request: Request<Body>) -> Answer {
    send_to(state(), request).await
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post_json(uri: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

const BOUNDARY: &str = "gongwen-test-boundary";

/// A multipart body: (part name, file name, bytes).
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend(format!("--{BOUNDARY}\r\n").bytes());
        match file {
            Some(f) => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n")
                    .bytes(),
            ),
            None => {
                body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n").bytes())
            }
        }
        body.extend(b"Content-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

fn post_multipart(uri: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Request<Body> {
    Request::post(uri)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(parts)))
        .unwrap()
}

/// The specimen with 表三's first row's 总计 wrong (0 + … + 0 given as 3).
fn broken_specimen() -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture("wenshang-2024.json")).unwrap();
    v["applications"]["new"][6] = json!(3);
    serde_json::to_vec(&v).unwrap()
}

/// The CLI's file for `fixture` in `ext`, built with the bundled fonts.
fn cli_file(fixture_name: &str, ext: &str) -> Vec<u8> {
    let dir = temp_dir("server-cli");
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture_name);
    let o = build_with(&input, &dir, &["--formats", ext]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stem = fixture_name.trim_end_matches(".json");
    std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap()
}

#[tokio::test]
async fn health_says_ok_and_the_version() {
    let a = send(get("/health")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["status"], "ok");
    assert_eq!(a.json()["version"], env!("CARGO_PKG_VERSION"));
    assert!(!a.header("x-request-id").is_empty());
}

#[tokio::test]
async fn a_good_report_checks_ok_and_a_wrong_cell_is_named_by_its_labels() {
    let a = send(post_json("/api/check", fixture("wenshang-2024.json"))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["ok"], true, "{}", a.json());
    assert_eq!(a.json()["errors"], json!([]));

    let a = send(post_json("/api/check", broken_specimen())).await;
    assert_eq!(a.status, StatusCode::OK);
    let j = a.json();
    assert_eq!(j["ok"], false);
    let e = &j["errors"][0];
    assert_eq!(e["path"], "applications.new[6]");
    assert_eq!(e["rule"], "R3");
    assert_eq!(e["cell"]["table"], "表三");
    assert_eq!(e["cell"]["row"], "一、本年新收政府信息公开申请数量");
    assert_eq!(e["cell"]["column"], "总计");
    assert_eq!(e["cell"]["expected"], "0");
    assert_eq!(e["cell"]["actual"], "3");
    // Chinese when the request says nothing
    assert!(e["message"].as_str().unwrap().contains("应为"), "{e}");
}

#[tokio::test]
async fn messages_follow_accept_language_and_lang() {
    let english = Request::post("/api/check")
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .body(Body::from(broken_specimen()))
        .unwrap();
    let a = send(english).await;
    let m = a.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(m.contains("should be") || m.contains("expected"), "{m}");
    assert!(!m.contains("应为"), "{m}");
    let a = send(post_json("/api/check?lang=zh", broken_specimen())).await;
    let m = a.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(m.contains("应为"), "{m}");
}

#[tokio::test]
async fn a_syntax_error_has_line_and_column() {
    let a = send(post_json(
        "/api/check",
        b"{\n  \"kind\": \"document\",\n  oops\n}".to_vec(),
    ))
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let e = &a.json()["errors"][0];
    assert_eq!(e["line"], 3, "{e}");
    assert!(e["column"].as_u64().is_some(), "{e}");
}

#[tokio::test]
async fn a_build_gives_the_same_bytes_as_the_command_line() {
    for ext in ["pdf", "docx", "ofd"] {
        let a = send(post_json(
            &format!("/api/build?formats={ext}"),
            fixture("wenshang-2024.json"),
        ))
        .await;
        assert_eq!(a.status, StatusCode::OK, "{ext}");
        assert_eq!(a.body, cli_file("wenshang-2024.json", ext), "{ext}");
        let disposition = a.header("content-disposition");
        assert!(
            disposition.starts_with("attachment; filename="),
            "{disposition}"
        );
        // 汶上县… in UTF-8, percent-encoded
        assert!(
            disposition.contains("filename*=UTF-8''%E6%B1%B6%E4%B8%8A"),
            "{disposition}"
        );
        assert!(disposition.ends_with(&format!(".{ext}")), "{disposition}");
    }
}

#[tokio::test]
async fn several_formats_come_as_a_zip_of_the_same_files() {
    let a = send(post_json(
        "/api/build?formats=pdf,docx",
        fixture("wenshang-2024.json"),
    ))
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.body)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let pdf_name = names.iter().find(|n| n.ends_with(".pdf")).unwrap().clone();
    assert!(pdf_name.starts_with("汶上县投资促进服务中心"), "{pdf_name}");
    let mut pdf = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&pdf_name).unwrap(), &mut pdf).unwrap();
    assert_eq!(pdf, cli_file("wenshang-2024.json", "pdf"));
}

#[tokio::test]
async fn a_wrong_input_is_422_with_the_checks_answer() {
    let built = send(post_json("/api/build", broken_specimen())).await;
    assert_eq!(built.status, StatusCode::UNPROCESSABLE_ENTITY);
    let checked = send(post_json("/api/check", broken_specimen())).await;
    assert_eq!(built.json(), checked.json());
    let a = send(post_json(
        "/api/build?formats=pdf,xls",
        fixture("wenshang-2024.json"),
    ))
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("xls"));
}

#[tokio::test]
async fn seals_come_only_from_the_uploaded_parts() {
    let notice = fixture("notice.json");
    let seal = fixture("seals/demo-bureau.png");
    // uploaded under the name the JSON gives: builds, the same bytes as the CLI
    let a = send(post_multipart(
        "/api/build?formats=pdf",
        &[
            ("input", None, &notice),
            ("seal", Some("seals/demo-bureau.png"), &seal),
        ],
    ))
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    assert_eq!(a.body, cli_file("notice.json", "pdf"));
    // not uploaded: the server's own copy beside its fixtures is never read
    let a = send(post_multipart("/api/check", &[("input", None, &notice)])).await;
    let j = a.json();
    assert_eq!(j["ok"], false);
    assert!(j["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("seals/demo-bureau.png"));
    // a path out of the uploads is refused, even when a part has that name
    for bad in [
        "../seals/demo-bureau.png",
        "/etc/passwd",
        "seals\\\\demo-bureau.png",
    ] {
        let input = String::from_utf8(notice.clone())
            .unwrap()
            .replace("seals/demo-bureau.png", bad);
        let a = send(post_multipart(
            "/api/build",
            &[
                ("input", None, input.as_bytes()),
                ("seal", Some(bad), &seal),
            ],
        ))
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let m = a.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(m.contains("上传"), "{bad}: {m}");
    }
}

#[tokio::test]
async fn last_years_report_travels_as_a_part() {
    let mut last: Value = serde_json::from_slice(&fixture("wenshang-2024.json")).unwrap();
    last["year"] = json!(2023);
    last["applications"]["carried_forward"] = json!([1, 0, 0, 0, 0, 0, 1]);
    let last = serde_json::to_vec(&last).unwrap();
    let a = send(post_multipart(
        "/api/check",
        &[
            ("input", None, &fixture("wenshang-2024.json")),
            ("previous", Some("2023.json"), &last),
        ],
    ))
    .await;
    let j = a.json();
    assert_eq!(j["ok"], false, "{j}");
    assert!(
        j["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["rule"] == "R7" && e["cell"]["expected"] == "1"),
        "{j}"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_saying_the_limit() {
    let limits = Limits {
        max_body_bytes: 1000,
        ..Limits::default()
    };
    let a = send_to(
        state_with(limits.clone(), None),
        post_json("/api/check", fixture("wenshang-2024.json")),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.json()["error"].as_str().unwrap().contains("1000"));
    // a body without Content-Length (chunked) is cut off all the same
    let stream = futures_util::stream::iter(
        (0..100).map(|_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b' '; 100]))),
    );
    let request = Request::post("/api/check")
        .body(Body::from_stream(stream))
        .unwrap();
    let a = send_to(state_with(limits, None), request).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_request_over_its_time_budget_gets_503() {
    let limits = Limits {
        request_timeout: Duration::from_millis(1),
        ..Limits::default()
    };
    let a = send_to(
        state_with(limits, None),
        post_json(
            "/api/build?formats=pdf,docx,ofd",
            fixture("wenshang-2024.json"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!a.header("x-request-id").is_empty());
}

#[tokio::test]
async fn a_full_queue_gets_429_with_retry_after() {
    let limits = Limits {
        workers: 1,
        queue: 0,
        ..Limits::default()
    };
    let state = state_with(limits, None);
    // hold the only worker until the second request has been answered
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let holder = state.clone();
    let held = tokio::spawn(async move { holder.gate.run(move || wait.recv().ok()).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let a = send_to(
        state.clone(),
        post_json("/api/check", fixture("wenshang-2024.json")),
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.header("retry-after"), "1");
    release.send(()).unwrap();
    held.await.unwrap().unwrap();
    let a = send_to(
        state,
        post_json("/api/check", fixture("wenshang-2024.json")),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn the_token_guards_the_api_and_not_the_pages() {
    let token = "a-long-enough-secret-token";
    let s = || state_with(Limits::default(), Some(token));
    let a = send_to(s(), post_json("/api/check", fixture("wenshang-2024.json"))).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let wrong = Request::post("/api/check")
        .header(header::AUTHORIZATION, "Bearer a-long-enough-secret-tokeX")
        .body(Body::from(fixture("wenshang-2024.json")))
        .unwrap();
    assert_eq!(send_to(s(), wrong).await.status, StatusCode::UNAUTHORIZED);
    let right = Request::post("/api/check")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(fixture("wenshang-2024.json")))
        .unwrap();
    assert_eq!(send_to(s(), right).await.status, StatusCode::OK);
    assert_eq!(send_to(s(), get("/health")).await.status, StatusCode::OK);
    assert_eq!(send_to(s(), get("/report")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_published_report_imports_and_starts_next_year() {
    let docx = cli_file("wenshang-2024.json", "docx");
    let a = send(post_multipart(
        "/api/import",
        &[("file", Some("last.docx"), &docx)],
    ))
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["input"]["year"], 2024);
    let a = send(post_multipart(
        "/api/new/annual-report",
        &[("previous", Some("2024.docx"), &docx)],
    ))
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    assert_eq!(a.json()["year"], 2025);
    assert_eq!(a.json()["agency"], "汶上县投资促进服务中心");
    let a = send(get(
        "/api/new/annual-report?agency=%E6%9F%90%E5%8E%BF&year=2025",
    ))
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["agency"], "某县");
    let a = send(get("/api/new/annual-report?agency=x")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = send(post_multipart(
        "/api/import",
        &[("file", Some("x.docx"), b"not a zip")],
    ))
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_form_and_paste_come_from_the_server() {
    let a = send(get("/api/report/form")).await;
    let j = a.json();
    let t3 = j["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "table3")
        .unwrap();
    let first = t3["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .find(|c| c.get("input").is_some())
        .unwrap();
    assert_eq!(first["name"], "一、本年新收政府信息公开申请数量 自然人");
    let body = json!({"text": "一、本年新收\t1件\t2\n", "at": "applications.new[0]"});
    let a = send(post_json(
        "/api/report/paste",
        serde_json::to_vec(&body).unwrap(),
    ))
    .await;
    assert_eq!(
        a.json()["cells"][0],
        json!({"path": "applications.new[0]", "value": 1})
    );
    assert_eq!(
        a.json()["cells"][1],
        json!({"path": "applications.new[1]", "value": 2})
    );
}

#[tokio::test]
async fn the_schema_is_titled_in_the_language_asked() {
    let zh = send(get("/api/schema?lang=zh")).await;
    let en = send(get("/api/schema?lang=en")).await;
    assert_eq!(zh.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&zh.body).contains("报告年度"));
    assert!(!String::from_utf8_lossy(&en.body).contains("报告年度"));
}

#[tokio::test]
async fn the_openapi_description_lists_exactly_the_routes_that_answer() {
    let a = send(get("/api/openapi.json")).await;
    let spec = a.json();
    assert_eq!(spec["openapi"], "3.1.0");
    let mut described: Vec<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(|m| (m.clone(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut routes: Vec<(String, String)> = gongwen::server::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    described.sort();
    routes.sort();
    assert_eq!(described, routes);
    // every route described answers (not 404 or 405), and every $ref resolves
    for (method, path) in &routes {
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(path.as_str())
            .body(Body::empty())
            .unwrap();
        let a = send(request).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&a.status),
            "{method} {path}: {}",
            a.status
        );
    }
    let text = String::from_utf8(a.body).unwrap();
    for piece in text.split("\"$ref\": \"#/").skip(1) {
        let target = piece.split('"').next().unwrap();
        let mut node = &spec;
        for key in target.split('/') {
            node = &node[key];
        }
        assert!(!node.is_null(), "{target} is not in the description");
    }
}

#[tokio::test]
async fn unknown_paths_are_404_as_json() {
    let a = send(get("/api/nothing")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["ok"], false);
}

#[test]
fn sigterm_finishes_and_exits_0() {
    use std::io::{BufRead, BufReader};
    let mut child = common::command()
        .args(["serve", "--listen", "127.0.0.1:0", "--fonts", "bundled"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("listening on http://127.0.0.1:"), "{first}");
    let port: u16 = first
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::io::Write::write_all(
        &mut stream,
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_command_line_prints_the_same_json() {
    let dir = temp_dir("message-format");
    let input = dir.join("broken.json");
    std::fs::write(&input, broken_specimen()).unwrap();
    let o = common::gongwen_zh(&["check", "--message-format", "json", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let line = String::from_utf8(o.stdout).unwrap();
    let cli: Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(cli["ok"], false);
    assert_eq!(cli["errors"][0]["cell"]["actual"], "3");
    assert_eq!(cli["errors"][0]["path"], "applications.new[6]");
    let o = common::gongwen_zh(&[
        "build",
        "--message-format",
        "json",
        "--fonts",
        "bundled",
        "-o",
        dir.join("out").to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let built: Value = serde_json::from_slice(&o.stdout).unwrap();
    // the same diagnostics as the server's, but for the file's name
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(send(post_json("/api/check", broken_specimen())))
        .json();
    assert_eq!(
        built["errors"][0]["message"],
        server["errors"][0]["message"]
    );
    assert_eq!(built["errors"][0]["cell"], server["errors"][0]["cell"]);
    assert_eq!(built["errors"], cli["errors"]);
}

#[tokio::test]
async fn a_draft_imports_into_a_document_with_its_outline() {
    let draft = "某某县人民政府办公室\n关于做好2025年政务公开工作的通知\n各乡镇人民政府，县政府各部门：\n　　为做好政务公开工作，现将有关事项通知如下。\n一、总体要求\n　　坚持以公开为常态。\n某某县人民政府办公室\n2025年3月1日\n";
    let a = send(post_multipart(
        "/api/import",
        &[("file", Some("通知.txt"), draft.as_bytes())],
    ))
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    let j = a.json();
    assert_eq!(j["kind"], "document");
    assert_eq!(j["input"]["kind"], "document");
    // the agency's line above it is the title's first line (关于… follows it)
    assert_eq!(
        j["outline"]["title"],
        "某某县人民政府办公室关于做好2025年政务公开工作的通知"
    );
    // what came back builds, as the /document page does next
    let input = serde_json::to_vec(&j["input"]).unwrap();
    let built = send(post_json("/api/build?formats=pdf", input)).await;
    assert_eq!(
        built.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&built.body)
    );
    // the format from ?name= when the body is the file itself
    let a = send(
        Request::post("/api/import?name=d.md&as=document")
            .body(Body::from(draft.as_bytes().to_vec()))
            .unwrap(),
    )
    .await;
    assert_eq!(a.json()["kind"], "document");
    let a = send(post_multipart(
        "/api/import?as=memo",
        &[("file", Some("d.txt"), b"x")],
    ))
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = send(post_multipart(
        "/api/import",
        &[("file", Some("d.pdf"), b"%PDF")],
    ))
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
}
