"""Open the built docs site (_proc/_docs) in headless Chromium: every page loads, every image decodes, no page logs a script error or
fails to load one of its own files (external fonts and KaTeX from CDNs may be unreachable offline: those are listed, not
failed), the embedded
widgets of the explorers page react to their controls (the html-manager script comes from the npm registry, cached in
.cache/, instead of the CDN the pages name), and the index, explainer, explorers and benchmarks pages are screenshotted
into _proc/screenshots/. Exits 1 on any failure."""
import functools, http.server, shutil, subprocess, sys, tarfile, tempfile, threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE, SHOTS = ROOT/'_proc'/'_docs', ROOT/'_proc'/'screenshots'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        '--disable-sync', '--disable-quic']

HTML_MANAGER = '@jupyter-widgets/html-manager@1.0.15'

def embed_js():
    "dist/embed.js of the html-manager package, fetched once with `npm pack` into .cache/ (None without npm)."
    dst = ROOT/'.cache'/'html-manager'/'embed.js'
    if dst.is_file(): return dst
    npm = shutil.which('npm')
    if npm is None: return None
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([npm, 'pack', HTML_MANAGER, '--pack-destination', tmp], capture_output=True, text=True, timeout=300)
        if r.returncode:
            print(f'npm pack {HTML_MANAGER} failed: {r.stderr.strip()[-300:]}')
            return None
        with tarfile.open(next(Path(tmp).glob('*.tgz'))) as t: data = t.extractfile('package/dist/embed.js').read()
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return dst

VISIBLE_IMGS = "() => [...document.querySelectorAll('.jupyter-widgets img, .widget-image')].filter(i => i.offsetParent !== null).map(i => i.src)"

def check_linked_widgets(page):
    "On the explorers page: each linked explorer's two dropdowns switch its panel, and only its panel (returns a problem or None)."
    page.wait_for_selector('.widget-dropdown select', timeout=20000)
    sel = page.query_selector_all('.widget-dropdown select')
    if len(sel) < 2 or len(sel) % 2: return f'expected pairs of linked dropdowns, found {len(sel)}'
    n = len(sel) // 2
    for j in range(n):
        shown = [page.evaluate(VISIBLE_IMGS)]
        for s, k in ((sel[2 * j + 1], 1), (sel[2 * j], 2)):
            s.select_option(index=k)
            page.wait_for_timeout(300)
            shown.append(page.evaluate(VISIBLE_IMGS))
        if any(len(v) != n for v in shown): return f'expected {n} visible panels (one per explorer), saw {[len(v) for v in shown]}'
        if len({v[j] for v in shown}) != 3: return f'explorer {j + 1}: the panel did not change when its dropdowns moved'
        if any(v[:j] + v[j + 1:] != shown[0][:j] + shown[0][j + 1:] for v in shown): return f'explorer {j + 1}: its dropdowns changed another explorer'
    print(f'explorers: {n} linked explorers, each switched its own panel twice')

def main():
    from playwright.sync_api import sync_playwright
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob('*.html'))
    assert 'index.html' in pages, f'no index.html in {SITE}'
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(SITE))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{srv.server_address[1]}/'
    SHOTS.mkdir(parents=True, exist_ok=True)
    bad = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shutil.which('chromium') or '/usr/bin/chromium', headless=True, args=ARGS)
        page = b.new_page(viewport={'width': 1300, 'height': 900})
        problems, external = [], set()
        page.on('pageerror', lambda e: problems.append(f'{current[0]}: script error {str(e)[:200]}'))
        page.on('console', lambda m: problems.append(f'{current[0]}: console error {m.text[:200]}') if m.type == 'error' and not m.text.startswith('Failed to load resource') else None)
        page.on('requestfailed', lambda r: problems.append(f'{current[0]}: cannot load {r.url[:120]}') if r.url.startswith(base) else external.add(r.url.split('?')[0][:100]))
        page.on('response', lambda r: problems.append(f'{current[0]}: HTTP {r.status} for {r.url[:120]}') if r.url.startswith(base) and r.status >= 400 else None)
        current = ['']
        js = embed_js()
        if js: page.route(f'**/{HTML_MANAGER}/dist/embed.js', lambda route: route.fulfill(path=str(js), content_type='application/javascript'))
        else: print('no html-manager script (npm missing or offline): the embedded widgets are NOT checked')
        for rel in pages:
            current[0] = rel
            r = page.goto(base + rel, wait_until='load')
            if r is None or r.status != 200:
                bad.append(f'{rel}: HTTP {r and r.status}')
                continue
            broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
            if broken: bad.append(f'{rel}: broken images {broken[:3]}')
            if js and rel.endswith('explorers.html'):
                err = check_linked_widgets(page)
                if err: bad.append(f'{rel}: {err}')
            if any(k in rel for k in ('index', 'explain', 'explorers', 'benchmarks')):
                page.screenshot(path=str(SHOTS/(rel.replace('/', '_').replace('.html', '.png'))), full_page=False)
        b.close()
        bad += problems
    srv.shutdown()
    if external: print(f'external resources not reachable from here (not failures): {sorted(external)}')
    print(f'{len(pages)} pages checked, screenshots in {SHOTS}')
    if bad:
        print('\n'.join(bad))
        sys.exit(1)

if __name__ == '__main__': main()
