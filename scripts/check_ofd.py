#!/usr/bin/env python3
"""Third-party readers on gongwen's OFD files (run by scripts/conformance.sh in CI).

Usage: check_ofd.py FILE.ofd SAME.pdf [--render DIR]

The structure of every OFD (parts, IDs, references, DeltaX counts, boxes, fonts and their
cmap coverage) is tested by `cargo test --test ofd`; this script asks what other programs see:
  * ofdkit and easyofd (PyPI) open the file and find as many pages as the PDF has;
  * the text they extract equals the PDF's as `pdftotext -layout` reads it, line by line
    (whitespace ignored; agreement ratio printed, at least 0.99);
  * the OFD is at most 1.5 times the size of the PDF;
  * with --render, easyofd renders every page to PNG (lending it the embedded TrueType font:
    easyofd draws all text in one font it never loads, so its pictures show positions).
Prints `ok|FAIL  check` lines and `N passed, M failed`; exit 1 when anything failed.
Needs: pip install ofdkit easyofd; apt-get install poppler-utils.
"""
import argparse
import contextlib
import difflib
import io
import logging
import os
import re
import subprocess
import sys
import tempfile
import zipfile


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what):
        print(('ok   ' if ok else 'FAIL ') + what)
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def quiet(fn):
    """Runs fn with the readers' logging and printing silenced."""
    logging.disable(logging.CRITICAL)
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            from loguru import logger
            logger.remove()
        except Exception:
            pass
        return fn()


def pdf_pages(pdf):
    out = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    m = re.search(r'^Pages:\s+(\d+)', out, re.M)
    return int(m.group(1)) if m else -1


def pdf_text(pdf):
    out = subprocess.run(['pdftotext', '-layout', '-enc', 'UTF-8', pdf, '-'],
                         capture_output=True, text=True).stdout
    return re.sub(r'\s+', '', out)


def ofdkit_read(path):
    import ofdkit
    with ofdkit.open(path) as d:
        return len(d.pages), d.text()


def easyofd_read(path):
    from easyofd.ofd import OFD
    import base64
    ofd = OFD()
    with open(path, 'rb') as f:
        ofd.read(base64.b64encode(f.read()).decode(), save_xml=False)
    data = ofd.data
    pages = sum(len(doc.get('page_info', {})) for doc in data)
    texts = []
    for doc in data:
        for _, page in sorted(doc.get('page_info', {}).items()):
            for t in page.get('text_list', []):
                texts.append(t.get('text', ''))
    return pages, ''.join(texts)


def embedded_truetype(path, workdir):
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.endswith('.ttf'):
                target = os.path.join(workdir, os.path.basename(name))
                with open(target, 'wb') as f:
                    f.write(z.read(name))
                return target
    return None


def render(path, out_dir):
    from easyofd.ofd import OFD
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    import base64
    with tempfile.TemporaryDirectory() as work:
        font = embedded_truetype(path, work)
        if font:
            pdfmetrics.registerFont(TTFont('宋体', font))
        ofd = OFD()
        with open(path, 'rb') as f:
            ofd.read(base64.b64encode(f.read()).decode(), save_xml=False)
        images = ofd.to_jpg()
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    for i, img in enumerate(images, 1):
        img.save(os.path.join(out_dir, f'{stem}-easyofd-{i}.png'))
    return len(images)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ofd')
    ap.add_argument('pdf')
    ap.add_argument('--render')
    args = ap.parse_args()
    rep = Report()
    pages = pdf_pages(args.pdf)
    ref = pdf_text(args.pdf)
    size_ok = os.path.getsize(args.ofd) * 2 <= os.path.getsize(args.pdf) * 3
    rep.check(size_ok, 'size: OFD %d bytes, PDF %d bytes (at most 1.5 times)'
              % (os.path.getsize(args.ofd), os.path.getsize(args.pdf)))
    for name, reader in [('ofdkit', ofdkit_read), ('easyofd', easyofd_read)]:
        try:
            n, text = quiet(lambda: reader(args.ofd))
        except Exception as e:  # a reader that cannot open the file fails the check
            rep.check(False, '%s opens the file: %s' % (name, e))
            continue
        rep.check(n == pages, '%s opens the file: %d page(s), the PDF has %d' % (name, n, pages))
        text = re.sub(r'\s+', '', text)
        ratio = difflib.SequenceMatcher(None, text, ref, autojunk=False).ratio() if ref else 0
        rep.check(ratio >= 0.99, '%s text against pdftotext -layout: agreement %.4f (%d vs %d characters)'
                  % (name, ratio, len(text), len(ref)))
    if args.render:
        try:
            n = quiet(lambda: render(args.ofd, args.render))
            rep.check(n == pages, 'easyofd renders %d page(s) into %s' % (n, args.render))
        except Exception as e:
            rep.check(False, 'easyofd renders the pages: %s' % e)
    print('%d passed, %d failed' % (rep.passed, rep.failed))
    return 1 if rep.failed else 0


if __name__ == '__main__':
    sys.exit(main())
