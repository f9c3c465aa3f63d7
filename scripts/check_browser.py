#!/usr/bin/env python3
"""The browser workspace (/report, /document) in a real browser.

    scripts/check_browser.py BIN [--shots DIR] [--url URL]

Starts `BIN serve --listen 127.0.0.1:<free port> --fonts bundled`, waits for
/health, drives headless Chromium through selenium (chromium, chromium-driver
and python3-selenium or `pip install selenium`), stops the server and exits
non-zero on any failure. One line per check, then `N passed, M failed`.
Bounded: the whole run is killed after 5 minutes, every wait has a timeout.

What it checks: the specimen's numbers typed into /report by the cells'
accessible names give no error; a wrong 表三 row total shows its message in
the cell's role=alert element within 1 s and the message goes when fixed; a
summary entry focuses its cell; a block pasted from a spreadsheet (label
column, 件 units) fills the cells and a word in it is an error on its cell;
last year's .docx (built by the CLI) starts the next year's report; the PDF
built by the page's button is the CLI's PDF of the same JSON, byte for byte
(else the text is compared and the difference reported); no sideways scroll
at 1366×768; every number input has an accessible name, 表三's first exactly
"一、本年新收政府信息公开申请数量 自然人"; English on ?lang=en; /document's
live check, click-to-line, seal upload and preview. Screenshots go to
docs/images/serve-report.png and serve-document.png (or --shots DIR).

--url URL uses a server already running there instead of starting one (BIN
is still used for the CLI side of the comparisons).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPECIMEN = os.path.join(ROOT, "fixtures", "wenshang-2024.json")
SEAL = os.path.join(ROOT, "fixtures", "seals", "demo-office.png")
DEADLINE_S = 300
FIRST_T3 = "一、本年新收政府信息公开申请数量 自然人"
T3_NEW_TOTAL = "一、本年新收政府信息公开申请数量 总计"

results = []  # (ok, name, detail)
cleanups = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


def cleanup():
    while cleanups:
        try:
            cleanups.pop()()
        except Exception as e:  # keep cleaning up
            print(f"cleanup: {e}", file=sys.stderr)


def watchdog():
    print(f"FAIL overall time limit: still running after {DEADLINE_S} s", flush=True)
    cleanup()
    os._exit(2)


def open_dialog(d):
    """The open alert or confirm dialog, or None."""
    try:
        return d.switch_to.alert
    except Exception:
        return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_at(obj, path):
    for m in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", path):
        key = int(m.group(2)) if m.group(2) is not None else m.group(1)
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            return None
    return obj


class Failed(Exception):
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--url")
    ap.add_argument("--shots", default=os.path.join(ROOT, "docs", "images"))
    args = ap.parse_args()
    timer = threading.Timer(DEADLINE_S, watchdog)
    timer.daemon = True
    timer.start()
    tmp = tempfile.mkdtemp(prefix="gongwen-browser-")
    cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    try:
        run(args, tmp)
    except Failed as e:
        report(False, "setup", str(e))
    finally:
        cleanup()
    passed = sum(1 for r in results if r[0])
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not results else 0)


def start_server(bin_path, tmp, extra=()):
    port = free_port()
    log = open(os.path.join(tmp, f"serve-{port}.log"), "wb")
    proc = subprocess.Popen(
        [bin_path, "serve", "--listen", f"127.0.0.1:{port}", "--fonts", "bundled", *extra],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )

    def stop():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        log.close()

    cleanups.append(stop)
    base = f"http://127.0.0.1:{port}"
    end = time.time() + 30
    while time.time() < end:
        if proc.poll() is not None:
            raise Failed(f"the server exited ({proc.returncode}): " + open(log.name, errors="replace").read()[-2000:])
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if json.load(r).get("status") == "ok":
                    return base
        except OSError:
            time.sleep(0.2)
    raise Failed("no /health within 30 s")


def browser(tmp):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = os.path.join(tmp, "downloads")
    os.makedirs(downloads)
    o = webdriver.ChromeOptions()
    for a in ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
              "--disable-component-update --disable-sync --no-first-run --window-size=1366,768").split():
        o.add_argument(a)
    o.add_argument("--user-data-dir=" + os.path.join(tmp, "profile"))
    o.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": False,
    })
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    cleanups.append(d.quit)
    d.set_page_load_timeout(30)
    d.set_script_timeout(30)
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return d, downloads


def run(args, tmp):
    base = args.url.rstrip("/") if args.url else start_server(args.bin, tmp)
    with urllib.request.urlopen(base + "/api/report/form?lang=zh", timeout=10) as r:
        form = json.load(r)
    specimen = json.load(open(SPECIMEN, encoding="utf-8"))
    d, downloads = browser(tmp)
    from selenium.webdriver.common.keys import Keys

    def js(script, *a):
        return d.execute_script(script, *a)

    def wait(cond, timeout, what):
        end = time.time() + timeout
        while True:
            v = cond()
            if v:
                return v
            if time.time() > end:
                raise Failed(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.03)

    def settle(timeout=15):
        wait(lambda: js("return !document.body.dataset.checking"), timeout, "the live check to finish")

    def by_name(name):
        el = js("return [...document.querySelectorAll('input,textarea,select')]"
                ".find(e => e.getAttribute('aria-label') === arguments[0]) || null", name)
        if el is None:
            raise Failed(f"no input named “{name}”")
        return el

    def by_path(path):
        el = js("return document.querySelector(`[data-path=\"${arguments[0]}\"]`)", path)
        if el is None:
            raise Failed(f"no field for {path}")
        return el

    def click(el):
        js("arguments[0].scrollIntoView({block: 'center'})", el)
        el.click()

    def value_of(path):
        """The value of the field at `path`, read in one call (the form may be redrawn between two)."""
        return js("const e = document.querySelector(`[data-path=\"${arguments[0]}\"]`); return e ? e.value : null", path)

    def type_in(el, text):
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(text if text != "" else Keys.DELETE)

    def alert_of(el):
        return js("const ids = (arguments[0].getAttribute('aria-describedby') || '').split(/\\s+/);"
                  "const a = ids.map(i => document.getElementById(i)).find(e => e && e.getAttribute('role') === 'alert');"
                  "return a ? a.textContent : null", el)

    def errors_shown():
        return js("return [...document.querySelectorAll('#summary .diag-error')].map(e => e.textContent)")

    def accept_confirm():
        try:
            wait(lambda: _alert(), 5, "the confirm dialog")
            d.switch_to.alert.accept()
        except Failed:
            pass

    def _alert():
        try:
            d.switch_to.alert  # noqa: B018
            return True
        except Exception:
            return False

    def check(name, fn):
        try:
            detail = fn()
            report(True, name, detail or "")
        except Failed as e:
            report(False, name, str(e))
        except Exception as e:  # a selenium error is a failed check, not a crash
            report(False, name, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")

    def no_hscroll(what):
        sw, cw = js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sw > cw:
            raise Failed(f"{what}: scrollWidth {sw} > clientWidth {cw}")
        return f"{what}: scrollWidth {sw} <= clientWidth {cw}"

    # ------------------------------------------------------------ /report
    def open_blank():
        d.get(base + "/report")
        js("localStorage.clear(); sessionStorage.clear()")
        d.get(base + "/report")
        wait(lambda: js("return !document.getElementById('start').hidden"), 10, "the start panel")
        type_in(d.find_element("id", "new-agency"), specimen["agency"])
        type_in(d.find_element("id", "new-year"), str(specimen["year"]))
        d.find_element("css selector", "#form-new button").click()
        wait(lambda: js("return !document.getElementById('form').hidden"), 10, "the form")
        settle()
        return "blank report started from GET /api/new/annual-report"

    def broken_file():
        bad = os.path.join(tmp, "broken.json")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{\n  "kind": "gov-info-annual-report",\n  "agency": "某某"，\n}\n')
        d.get(base + "/report")
        js("localStorage.clear(); sessionStorage.clear()")
        d.refresh()
        wait(lambda: js("return !document.getElementById('start').hidden"), 10, "the start panel")
        d.find_element("id", "file-open-2").send_keys(bad)
        text = wait(lambda: js("return document.getElementById('open-error').textContent"), 10, "the explanation")
        if "3" not in text or "，" not in text:
            raise Failed(f"explained as “{text[:80]}”")
        js("localStorage.clear()")
        return f"“{' '.join(text.split())[:90]}…”"

    check("report: a broken JSON file is explained (line, column)", broken_file)
    check("report: start a blank report", open_blank)

    def names():
        inputs = js("return [...document.querySelectorAll('table input')].map(e => [e.getAttribute('aria-label'), e.getAttribute('inputmode'), e.type])")
        if len(inputs) < 200:
            raise Failed(f"only {len(inputs)} number inputs in the tables")
        unnamed = [i for i in inputs if not (i[0] or "").strip()]
        if unnamed:
            raise Failed(f"{len(unnamed)} number inputs have no accessible name")
        if any(i[1] != "numeric" or i[2] != "text" for i in inputs):
            raise Failed("a number input is not type=text inputmode=numeric")
        first = js("return document.querySelector('[data-table=table3] table input').getAttribute('aria-label')")
        if first != FIRST_T3:
            raise Failed(f"表三's first cell is named “{first}”")
        # every other control too: aria-label, aria-labelledby or a <label for>
        bare = js("""return [...document.querySelectorAll('input:not([type=hidden]):not([type=file]),textarea,select')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.closest('label')))
            .map(e => e.outerHTML.slice(0, 80))""")
        if bare:
            raise Failed(f"controls without a name: {bare[:3]}")
        return f"{len(inputs)} number inputs named; 表三's first is “{first}”"

    check("report: accessible names", names)

    def fill_specimen():
        n = 0
        for tb in form["tables"]:
            for row in tb["rows"]:
                for cell in row:
                    if "input" not in cell:
                        continue
                    v = get_at(specimen, cell["input"])
                    if v is None:
                        continue
                    type_in(by_name(cell["name"]), str(v))
                    n += 1
        settle()
        bad = js("return [...document.querySelectorAll('[aria-invalid=true]')].map(e => e.getAttribute('aria-label') || e.dataset.path)")
        errs = errors_shown()
        if bad or errs:
            raise Failed(f"errors shown: {errs[:3]} on {bad[:3]}")
        warnings = js("return document.querySelectorAll('#summary .diag-warning').length")
        return f"{n} cells typed, no error ({warnings} warnings: the starter's gaps in the text)"

    check("report: the specimen's numbers give no error", fill_specimen)

    def break_and_fix():
        el = by_name(T3_NEW_TOTAL)
        type_in(el, "5")
        t0 = time.time()
        wait(lambda: (alert_of(el) or "").strip(), 1.0, "the cell's message (1 s)")
        shown = time.time() - t0
        msg = alert_of(el).strip()
        if el.get_attribute("aria-invalid") != "true":
            raise Failed("no aria-invalid=true on the wrong cell")
        # the summary lists it; clicking it focuses the cell
        js("document.getElementById('new-agency').focus()")
        button = js("return [...document.querySelectorAll('#summary .diag-error button')].find(b => b.textContent.includes(arguments[0])) || null", msg[:20])
        if button is None:
            raise Failed("the summary does not list the cell's message")
        button.click()
        wait(lambda: js("return document.activeElement === arguments[0]", el), 2, "the summary entry to focus the cell")
        type_in(el, "0")
        t1 = time.time()
        wait(lambda: not (alert_of(el) or "").strip() and el.get_attribute("aria-invalid") != "true", 1.0, "the message to go (1 s)")
        gone = time.time() - t1
        return f"shown in {shown:.2f} s: “{msg[:70]}…”; summary entry focuses the cell; gone {gone:.2f} s after the fix"

    check("report: a wrong 表三 total is explained on its cell", break_and_fix)

    def unit_typed():
        el = by_name(FIRST_T3)
        type_in(el, "12件")
        wait(lambda: (alert_of(el) or "").strip(), 2, "the message for “12件”")
        msg = alert_of(el).strip()
        if el.get_attribute("aria-invalid") != "true" or "12" not in msg:
            raise Failed(f"“12件” gave “{msg}”")
        type_in(el, "0")
        wait(lambda: not (alert_of(el) or "").strip(), 2, "the message to go")
        return f"sent as typed, explained by the server: “{msg[:70]}”"

    check("report: “12件” typed in a cell is explained", unit_typed)

    def paste_into(el, text):
        """Ctrl+V with `text` on the browser's clipboard; a synthetic paste event where the clipboard is closed."""
        origin = base
        try:
            d.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
            ok = d.execute_async_script("const done = arguments[arguments.length - 1];"
                                        "navigator.clipboard.writeText(arguments[0]).then(() => done(true), () => done(false))", text)
        except Exception:
            ok = False
        if ok:
            click(el)
            el.send_keys(Keys.CONTROL, "v")
            return "Ctrl+V"
        prevented = js("""const el = arguments[0];
            const dt = new DataTransfer(); dt.setData('text/plain', arguments[1]);
            const ev = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true});
            el.focus(); el.dispatchEvent(ev); return ev.defaultPrevented""", el, text)
        if not prevented:
            raise Failed("the page let the browser paste the block into one cell")
        return "a paste event (no clipboard)"

    def paste():
        block = ("一、本年新收政府信息公开申请数量\t3件\t1件\t0\t0\t0\t2件\t6件\r\n"
                 "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\r\n")
        el = by_name(FIRST_T3)
        how = paste_into(el, block)
        want = {"applications.new": ["3", "1", "0", "0", "0", "2", "6"],
                "applications.carried_over": ["1", "0", "0", "0", "0", "0", "1"]}

        def filled():
            return all(value_of(f"{row}[{i}]") == v
                       for row, vals in want.items() for i, v in enumerate(vals))
        wait(filled, 5, "the pasted cells")
        settle()
        # a word in the block is an error on its cell
        el2 = by_path("applications.results.disclosed[0]")
        paste_into(el2, "4\t约5\n")
        bad = by_path("applications.results.disclosed[1]")
        wait(lambda: (alert_of(bad) or "").strip(), 5, "the paste error on its cell")
        return f"{how}: 2 rows × 7 cells filled (label column and 件 dropped); “约5” explained: “{alert_of(bad).strip()[:60]}”"

    check("report: paste from a spreadsheet", paste)

    def survives_reload():
        d.refresh()
        wait(lambda: js("return !document.getElementById('form').hidden"), 10, "the form after a reload")
        got = by_name(FIRST_T3).get_attribute("value")
        if got != "3":
            raise Failed(f"after a reload 表三's first cell is “{got}”, was 3")
        settle()
        return "the pasted numbers are still there after a reload (localStorage)"

    check("report: the draft survives a reload", survives_reload)

    docx_dir = os.path.join(tmp, "cli")
    os.makedirs(docx_dir)

    def from_last_year():
        p = subprocess.run([args.bin, "build", SPECIMEN, "-o", docx_dir, "--fonts", "bundled"],
                           capture_output=True, text=True, timeout=60)
        docx = os.path.join(docx_dir, "wenshang-2024.docx")
        if p.returncode or not os.path.exists(docx):
            raise Failed(f"the CLI did not build the .docx: {p.stderr[-300:]}")
        d.find_element("id", "file-last-year").send_keys(docx)
        accept_confirm()
        wait(lambda: value_of("year") == str(specimen["year"] + 1), 10, "year + 1 in the form")
        settle()
        agency = value_of("agency")
        if agency != specimen["agency"]:
            raise Failed(f"agency is “{agency}”")
        carried = [value_of(f"applications.carried_over[{i}]") for i in range(6)]
        want = [str(v) for v in specimen["applications"]["carried_forward"][:6]]
        if carried != want:
            raise Failed(f"二、上年结转 is {carried}, last year's 四、结转 was {want}")
        settle()
        prev = d.find_element("id", "previous-name").text
        return f"year {specimen['year'] + 1}, agency and 上年结转 from last year's .docx; kept for the cross-year checks ({prev[:30]}…)"

    check("report: start from last year's .docx", from_last_year)

    def pdf_same_as_cli():
        d.find_element("id", "file-open").send_keys(SPECIMEN)
        accept_confirm()
        wait(lambda: value_of("year") == str(specimen["year"]), 10, "the specimen in the form")
        js("document.getElementById('btn-previous-clear').click()")
        settle()
        errs = errors_shown()
        if errs:
            raise Failed(f"the specimen shows errors: {errs[:2]}")
        for f in os.listdir(downloads):
            os.remove(os.path.join(downloads, f))
        d.find_element("id", "btn-pdf").click()
        pdf = wait(lambda: next((f for f in os.listdir(downloads) if f.endswith(".pdf")), None), 60, "the PDF download")
        d.find_element("id", "btn-save").click()
        draft = wait(lambda: next((f for f in os.listdir(downloads) if f.endswith(".json")), None), 10, "the draft JSON download")
        time.sleep(0.3)
        page_pdf = open(os.path.join(downloads, pdf), "rb").read()
        out = os.path.join(tmp, "cli-pdf")
        os.makedirs(out, exist_ok=True)
        src = os.path.join(out, "draft.json")
        shutil.copy(os.path.join(downloads, draft), src)
        p = subprocess.run([args.bin, "build", src, "-o", out, "--fonts", "bundled", "--formats", "pdf"],
                           capture_output=True, text=True, timeout=60)
        if p.returncode:
            raise Failed(f"the CLI did not build the page's draft: {p.stderr[-300:]}")
        cli_pdf = open(os.path.join(out, "draft.pdf"), "rb").read()
        if page_pdf == cli_pdf:
            return f"“{pdf}” ({len(page_pdf)} bytes) is byte-identical to the CLI's PDF of the page's draft JSON"
        texts = []
        for blob, name in ((page_pdf, "page.pdf"), (cli_pdf, "cli.pdf")):
            path = os.path.join(out, name)
            open(path, "wb").write(blob)
            texts.append(subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, timeout=60).stdout)
        if texts[0] == texts[1] and texts[0].strip():
            raise Failed(f"bytes differ ({len(page_pdf)} vs {len(cli_pdf)} bytes) but pdftotext gives the same text: report to the lead")
        raise Failed(f"the page's PDF and the CLI's differ, in text too ({len(texts[0])} vs {len(texts[1])} chars)")

    check("report: PDF from the page = CLI PDF", pdf_same_as_cli)

    def other_formats():
        got = []
        for fmt in ("docx", "ofd"):
            for f in os.listdir(downloads):
                os.remove(os.path.join(downloads, f))
            d.find_element("id", f"btn-{fmt}").click()
            name = wait(lambda: next((f for f in os.listdir(downloads) if f.endswith("." + fmt)), None), 60, f"the .{fmt} download")
            time.sleep(0.3)
            blob = open(os.path.join(downloads, name), "rb").read()
            if not blob.startswith(b"PK"):
                raise Failed(f"{name} is not a zip package")
            got.append(f"“{name}” ({len(blob)} bytes)")
        return ", ".join(got)

    check("report: .docx and .ofd downloads", other_formats)

    def narrative():
        from selenium.webdriver.support.select import Select
        ta = by_path("problems[1]")
        type_in(ta, "2024年共新收政府信息公开申请3件。")
        wait(lambda: "3件" in (alert_of(ta) or ""), 3, "the narrative finding under paragraph 2")
        finding = alert_of(ta).strip()
        type_in(ta, "2024年共新收政府信息公开申请")
        section = js("return arguments[0].closest('[data-section]')", ta)
        Select(section.find_element("css selector", "select.insert")).select_by_value("applications.new.total")
        wait(lambda: value_of("problems[1]").endswith("{applications.new.total}"), 3, "the placeholder at the cursor")
        js("const t = arguments[0]; t.focus(); t.setSelectionRange(t.value.length, t.value.length)", by_path("problems[1]"))
        by_path("problems[1]").send_keys("件。")
        settle()
        left = (alert_of(by_path("problems[1]")) or "").strip()
        if left:
            raise Failed(f"still a finding after the placeholder: “{left[:60]}”")
        return f"“{finding[:60]}…” under paragraph 2; {{applications.new.total}} inserted at the cursor clears it"

    check("report: narrative finding under its paragraph, placeholder", narrative)

    def enter_moves_down():
        el = by_name(FIRST_T3)
        click(el)
        el.send_keys(Keys.ENTER)
        name = js("return document.activeElement.getAttribute('aria-label')")
        if name != "二、上年结转政府信息公开申请数量 自然人":
            raise Failed(f"Enter went to “{name}”")
        return f"Enter in 表三's first cell goes to “{name}”"

    check("report: Enter moves down a column", enter_moves_down)

    def open_published():
        docx = os.path.join(docx_dir, "wenshang-2024.docx")
        d.find_element("id", "file-open").send_keys(docx)
        accept_confirm()
        wait(lambda: value_of("year") == str(specimen["year"]), 10, "the imported report")
        settle()
        text = value_of("overview.active_disclosure") or value_of("overview.active_disclosure[0]") or ""
        if not text.startswith(specimen["overview"]["active_disclosure"][:20]):
            raise Failed(f"the imported text is “{text[:30]}”")
        errs = errors_shown()
        if errs:
            raise Failed(f"the imported specimen shows errors: {errs[:2]}")
        return "the published .docx read back (POST /api/import): year, text and tables in the form, no error"

    check("report: open a published .docx", open_published)

    def report_layout():
        out = [no_hscroll("/report")]
        js("document.querySelector('[data-table=table3]').scrollIntoView()")
        out.append(no_hscroll("/report at 表三"))
        inner = js("const w = document.querySelector('[data-table=table3] .table-wrap'); return [w.scrollWidth, w.clientWidth]")
        out.append(f"表三 {'fits' if inner[0] <= inner[1] else 'scrolls inside its box'} ({inner[0]}/{inner[1]} px)")
        return "; ".join(out)

    check("report: no sideways scroll at 1366×768", report_layout)

    def report_preview():
        d.find_element("id", "btn-preview").click()
        wait(lambda: js("const f = document.querySelector('#preview iframe'); return !f.hidden && f.src.startsWith('blob:')"), 60, "the preview")
        js("document.getElementById('preview-close').click()")
        return "the PDF shows in the preview dialog (blob URL)"

    check("report: PDF preview", report_preview)

    def report_screenshot():
        el = by_name(T3_NEW_TOTAL)
        type_in(el, "5")
        wait(lambda: (alert_of(el) or "").strip(), 2, "the message")
        settle()
        js("document.querySelector('[data-table=table3]').scrollIntoView({block: 'start'})")
        js("arguments[0].focus({preventScroll: true})", el)
        time.sleep(0.3)
        os.makedirs(args.shots, exist_ok=True)
        path = os.path.join(args.shots, "serve-report.png")
        d.save_screenshot(path)
        type_in(el, "0")
        settle()
        return path

    check("report: screenshot with an error", report_screenshot)

    def english():
        d.get(base + "/report?lang=en")
        wait(lambda: js("return !document.getElementById('form').hidden"), 10, "the form (English)")
        settle()
        lang = js("return document.documentElement.lang")
        caption = d.find_element("id", "btn-pdf").text
        label = js("return document.querySelector('label[for=\"' + document.querySelector('[data-path=agency]').id + '\"]').textContent")
        if lang != "en" or caption != "Download PDF" or re.search(r"[\u4e00-\u9fff]", label):
            raise Failed(f"lang={lang}, button “{caption}”, agency label “{label}”")
        d.get(base + "/report")
        return f"lang=en, “{caption}”, agency labelled “{label}” by the API"

    check("report: English on ?lang=en", english)

    # ------------------------------------------------------------ /document
    def doc_example():
        d.get(base + "/document")
        js("localStorage.removeItem('gongwen.document.draft')")
        d.get(base + "/document")
        settle()
        errs = errors_shown()
        if errs:
            raise Failed(f"the example shows errors: {errs[:2]}")
        return "the example checks clean"

    check("document: the example", doc_example)

    def set_editor(text):
        js("const e = document.getElementById('editor'); e.value = arguments[0]; e.dispatchEvent(new Event('input'))", text)
        settle()

    def doc_syntax():
        text = js("return document.getElementById('editor').value")
        broken = text.replace('"kind": "document",', '"kind": "document"，', 1)
        if broken == text:
            raise Failed("the example has no “\"kind\": \"document\",” line")
        set_editor(broken)
        errs = errors_shown()
        if not errs:
            raise Failed("no error for a full-width comma")
        js("[...document.querySelectorAll('#summary .diag-error button')][0].click()")
        sel = js("const e = document.getElementById('editor'); return [document.activeElement === e, e.value.slice(0, e.selectionStart).split('\\n').length, e.value.slice(e.selectionStart, e.selectionEnd)]")
        if not sel[0] or sel[1] != 2 or "，" not in sel[2]:
            raise Failed(f"clicking the finding selected {sel}")
        return f"“{errs[0][:80]}…”; click selects line {sel[1]}"

    check("document: a JSON mistake, click → its line", doc_syntax)

    def doc_seal():
        example = js("return document.getElementById('editor').value").replace('"kind": "document"，', '"kind": "document",', 1)
        doc = json.loads(example)
        for b in doc["blocks"]:
            if "signature" in b:
                b["signature"] = {"agencies": [{"name": b["signature"]["agency"], "seal": "seals/demo-office.png"}],
                                  "date": b["signature"]["date"]}
        set_editor(json.dumps(doc, ensure_ascii=False, indent=2))
        before = errors_shown()
        if not before:
            raise Failed("no error for a seal image not sent")
        d.find_element("id", "file-seals").send_keys(SEAL)
        name = wait(lambda: js("const i = document.querySelector('#seal-list input'); return i && i.value"), 5, "the seal entry")
        time.sleep(0.1)
        settle()
        after = errors_shown()
        if after:
            raise Failed(f"still errors with the seal sent as “{name}”: {after[:2]}")
        return f"without the image: “{before[0][:60]}…”; sent as part “{name}”: no error"

    check("document: seal upload", doc_seal)

    def doc_preview():
        d.find_element("id", "btn-preview").click()
        wait(lambda: js("const f = document.querySelector('#preview iframe'); return !f.hidden && f.src.startsWith('blob:')"), 60, "the preview")
        js("document.getElementById('preview-close').click()")
        return "the PDF (with the seal) shows in the preview dialog"

    check("document: PDF preview", doc_preview)

    check("document: no sideways scroll at 1366×768", lambda: no_hscroll("/document"))

    def doc_import_draft():
        draft = ("某某县人民政府办公室\n关于做好2025年政务公开工作的通知\n各乡镇人民政府，县政府各部门：\n"
                 "　　为做好政务公开工作，现将有关事项通知如下。\n一、总体要求\n（一）加强组织领导。各单位要明确责任。\n"
                 "附件：政务公开工作要点\n某某县人民政府办公室\n2025年3月1日\n")
        before = js("return document.getElementById('editor').value")
        box = d.find_element("id", "paste-draft")
        box.clear()
        box.send_keys(draft)
        d.find_element("id", "btn-paste-draft").click()
        # the page asks before replacing the editor's JSON
        wait(lambda: open_dialog(d), 5, "the confirmation").accept()
        wait(lambda: js("return document.getElementById('editor').value") != before, 20, "the recognised JSON in the editor")
        doc = json.loads(js("return document.getElementById('editor').value"))
        if doc.get("kind") != "document":
            raise Failed(f"the editor holds {str(doc)[:80]}")
        outline = wait(lambda: js("return document.getElementById('import-outline').innerText"), 5, "the outline")
        if "关于做好2025年政务公开工作的通知" not in outline or "加强组织领导" not in outline:
            raise Failed(f"the outline reads {outline[:200]!r}")
        settle()
        errs = errors_shown()
        if errs:
            raise Failed(f"the recognised draft has errors: {errs[:2]}")
        set_editor(before)
        return f"recognised by POST /api/import into the editor, no error; outline: {outline[:60]!r}…"

    check("document: a pasted draft is recognised", doc_import_draft)

    def doc_screenshot():
        text = js("return document.getElementById('editor').value")
        set_editor(text.replace('"title": "', '"titel": "', 1))
        js("document.querySelector('#summary .diag-error button')?.click()")
        time.sleep(0.3)
        path = os.path.join(args.shots, "serve-document.png")
        d.save_screenshot(path)
        set_editor(text)
        return path

    check("document: screenshot", doc_screenshot)

    if not args.url:
        check("token: asked once, kept for the session", lambda: token_check(args, tmp, d, wait, js, settle))

    severe = [l["message"] for l in d.get_log("browser") if l["level"] == "SEVERE"]
    # a 422 from a build with errors, or a 4xx the page explains, is the API speaking, not a page error
    severe = [m for m in severe if not re.search(r"status of (4\d\d)", m)]
    report(not severe, "no script errors in the console", "; ".join(severe[:3]))


def token_check(args, tmp, d, wait, js, settle):
    """A server with a token: the page asks for it once, keeps it in sessionStorage, and works."""
    token = "browser-check-token-0123456789"
    path = os.path.join(tmp, "token")
    with open(path, "w") as f:
        f.write(token + "\n")
    base = start_server(args.bin, tmp, ["--token-file", path])
    d.get(base + "/report")
    field = wait(lambda: js("return document.querySelector('dialog[open] input[type=password]')"), 10, "the token dialog")
    if js("return document.querySelectorAll('dialog[open]').length") != 1:
        raise Failed("more than one token dialog")
    field.send_keys(token)
    js("document.querySelector('dialog[open] button.ok').click()")
    wait(lambda: js("return !document.getElementById('start').hidden || !document.getElementById('form').hidden"), 10, "the page after the token")
    if js("return sessionStorage.getItem('gongwen.token')") != token:
        raise Failed("the token is not kept in sessionStorage")
    d.get(base + "/document")
    settle()
    if js("return document.querySelectorAll('dialog[open]').length"):
        raise Failed("asked again on the next page")
    return "401 → one dialog; the token is sent from then on (the next page asks no more)"


if __name__ == "__main__":
    main()
