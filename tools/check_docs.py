"""Open the built docs site (_proc/_docs) in headless Chromium: every page loads, every image decodes, and the index,
explainer, explorers and benchmarks pages are screenshotted into _proc/screenshots/. Exits 1 on any failure."""
import functools, http.server, shutil, sys, threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE, SHOTS = ROOT/'_proc'/'_docs', ROOT/'_proc'/'screenshots'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        '--disable-sync', '--disable-quic']

def main():
    from playwright.sync_api import sync_playwright
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob('*.html'))
    assert 'index.html' in pages, f'no index.html in {SITE}'
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(SITE))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler); threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{srv.server_address[1]}/'
    SHOTS.mkdir(parents=True, exist_ok=True); bad = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shutil.which('chromium') or '/usr/bin/chromium', headless=True, args=ARGS)
        page = b.new_page(viewport={'width': 1300, 'height': 900})
        for rel in pages:
            r = page.goto(base + rel, wait_until='load')
            if r is None or r.status != 200: bad.append(f'{rel}: HTTP {r and r.status}'); continue
            broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
            if broken: bad.append(f'{rel}: broken images {broken[:3]}')
            if any(k in rel for k in ('index', 'explain', 'explorers', 'benchmarks')):
                page.screenshot(path=str(SHOTS/(rel.replace('/', '_').replace('.html', '.png'))), full_page=False)
        b.close()
    srv.shutdown()
    print(f'{len(pages)} pages checked, screenshots in {SHOTS}')
    if bad: print('\n'.join(bad)); sys.exit(1)

if __name__ == '__main__': main()
