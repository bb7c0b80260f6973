"""Like a user: the FastAPI service and the Streamlit demo started as processes on loopback, driven by a real
headless Chromium (Playwright). Screenshots land in tests/screenshots/ (ignored by git)."""
import os, shutil, socket, subprocess, sys, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
SHOTS = ROOT/'tests'/'screenshots'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        '--disable-sync', '--disable-quic']
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason='Debian chromium is not installed (.ci/run installs it)')

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

def wait_http(url, proc, timeout=120):
    import httpx
    t0 = time.time()
    while time.time() - t0 < timeout:
        assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
        try:
            if httpx.get(url, timeout=2).status_code == 200: return
        except httpx.HTTPError: pass
        time.sleep(0.5)
    raise TimeoutError(url)

@pytest.fixture(scope='module')
def servers():
    api_port, ui_port = free_port(), free_port()
    env = dict(os.environ, OMP_NUM_THREADS='1')
    api = subprocess.Popen([shutil.which('vit-explain'), 'serve', '--port', str(api_port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    ui = subprocess.Popen([sys.executable, '-m', 'streamlit', 'run', str(ROOT/'vit_app.py'), '--server.headless', 'true', '--server.port', str(ui_port),
                           '--server.address', '127.0.0.1', '--browser.gatherUsageStats', 'false'], env=env, cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_http(f'http://127.0.0.1:{api_port}/health', api)
        wait_http(f'http://127.0.0.1:{ui_port}/_stcore/health', ui)
        yield dict(api=f'http://127.0.0.1:{api_port}', ui=f'http://127.0.0.1:{ui_port}')
    finally:
        for p in (api, ui): p.terminate()
        for p in (api, ui):
            try: p.wait(10)
            except subprocess.TimeoutExpired: p.kill()

@pytest.fixture(scope='module')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()

def test_api_with_a_real_image_and_its_docs(servers, browser):
    import httpx
    img = (ROOT/'nbs'/'images'/'cat_3134.png').read_bytes()
    r = httpx.post(servers['api'] + '/explain?method=rollout', files={'file': ('cat.png', img, 'image/png')}, timeout=30)
    assert r.status_code == 200 and r.json()['top'][0]['label'] in httpx.get(servers['api'] + '/model').json()['classes']
    bad = httpx.post(servers['api'] + '/predict', files={'file': ('x.png', b'not an image')}, timeout=30)
    assert bad.status_code == 400 and "cannot read image 'x.png'" in bad.json()['error']
    page = browser.new_page()
    page.goto(servers['api'] + '/docs')
    page.wait_for_selector('[data-path="/explain"]', timeout=60_000)  # Swagger UI rendered the operations (served offline)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS/'api_docs.png'))

def test_upload_in_the_demo_shows_prediction_and_heatmap(servers, browser):
    page = browser.new_page(viewport={'width': 1400, 'height': 1000})
    page.goto(servers['ui'], wait_until='domcontentloaded')
    page.wait_for_selector('text=Prediction:', timeout=120_000)
    page.set_input_files('input[type=file]', str(ROOT/'nbs'/'images'/'ship_8016.png'))
    page.wait_for_selector('text=ship_8016.png', timeout=60_000)  # the uploader lists the file
    page.wait_for_function("() => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('Prediction:'))", timeout=120_000)
    time.sleep(2)
    page.wait_for_selector('img[alt*="heatmap"], [data-testid="stImage"] img', timeout=60_000)
    captions = page.locator('text=/heatmap/').count()
    assert captions >= 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS/'streamlit_upload.png'), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0

def _timed(what, fn):
    "Run `fn()`, print how long the page took to react (printed, never asserted: the machine is shared)."
    t = time.perf_counter()
    out = fn()
    print(f'{what}: {time.perf_counter() - t:.2f} s')
    return out

def _pick_gallery(page, index):
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text='pick from the gallery')
    box.click()
    page.get_by_role('option').nth(index).click()

def test_the_demo_used_like_a_person(servers, browser, tmp_path):
    "A photo that is no CIFAR class, a gallery pick after it, a non-image upload, and the CNN-vs-ViT view."
    import matplotlib.cbook
    photo = matplotlib.cbook.get_sample_data('grace_hopper.jpg', asfileobj=False)
    page = browser.new_page(viewport={'width': 1400, 'height': 1100})
    SHOTS.mkdir(exist_ok=True)
    _timed('first load', lambda: (page.goto(servers['ui'], wait_until='domcontentloaded'), page.wait_for_selector('text=Prediction:', timeout=120_000)))
    page.set_input_files('input[type=file]', str(photo))
    _timed('upload -> prediction', lambda: page.wait_for_selector('text=your upload grace_hopper.jpg', timeout=60_000))
    assert page.get_by_text('vit_cifar10 knows only its 10 classes', exact=False).count() == 1
    page.wait_for_function("() => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('Prediction:'))", timeout=60_000)
    page.screenshot(path=str(SHOTS/'demo_photo.png'), full_page=True)
    _pick_gallery(page, 5)  # the last touched wins: the gallery pick replaces the upload, and the page says so
    _timed('gallery pick after an upload', lambda: page.wait_for_selector('text=/the gallery image .*upload again to switch back/', timeout=60_000))
    bad = tmp_path/'notes.png'
    bad.write_text('these are notes, not a picture')
    page.set_input_files('input[type=file]', str(bad))
    _timed('non-image upload -> message', lambda: page.wait_for_selector("text=/cannot read image 'notes.png': not an image file/", timeout=60_000))
    assert page.locator('text=/object at 0x/').count() == 0
    page.wait_for_selector('text=Prediction:', timeout=60_000)  # the page stays usable: it explains the gallery image instead
    page.screenshot(path=str(SHOTS/'demo_bad_upload.png'), full_page=True)
    page.get_by_text('CNN vs ViT', exact=True).click()
    _timed('CNN vs ViT view', lambda: page.wait_for_selector('text=/Rows: the CNN/', timeout=120_000))
    assert page.locator('text=/both explained with attnlrp-token/').count() == 1
    page.screenshot(path=str(SHOTS/'demo_cnn_vs_vit.png'), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0

def test_swagger_try_it_out_uploads_an_image(servers, browser):
    "On /docs, POST /explain: Try it out, choose a file, Execute: 200 (the bundled Swagger UI reads the 3.0 schema's binary field)."
    page = browser.new_page()
    page.goto(servers['api'] + '/docs')
    op = page.locator('#operations-default-explain_explain_post')
    op.locator('.opblock-summary').first.click()
    op.locator('.try-out__btn').click()
    op.locator('input[type=file]').set_input_files(str(ROOT/'nbs'/'images'/'cat_3134.png'))
    op.locator('.execute').click()
    status = op.locator('.live-responses-table tr.response .response-col_status').first
    status.wait_for(timeout=60_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS/'api_docs_try_it_out.png'), full_page=True)
    assert status.inner_text().strip().startswith('200'), status.inner_text()
    assert 'png_base64' in op.locator('.live-responses-table').inner_text()

LAYOUT_JS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  const leaves = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')]
    .filter(e => !e.querySelector('[data-testid="stElementContainer"]'));
  const parts = leaves.flatMap(e => {
    const inner = [...e.querySelectorAll('[data-testid="stImageContainer"] img, [data-testid="stImageCaption"]')];
    return (inner.length ? inner : [e]).map(x => ({what: (x.getAttribute('data-testid') || x.tagName) + ': ' +
      (x.innerText || x.alt || '').slice(0, 40), r: x.getBoundingClientRect().toJSON()}));
  }).filter(p => p.r.width > 0 && p.r.height > 0);
  return {main: main.toJSON(), parts};
}"""

def _overlaps(a, b, tol=1):
    return min(a['right'], b['right']) - max(a['left'], b['left']) > tol and min(a['bottom'], b['bottom']) - max(a['top'], b['top']) > tol

@pytest.mark.parametrize('width', [800, 1024, 1152, 1280, 1366])
def test_no_element_overlaps_or_is_clipped(servers, browser, width):
    "Every view at common window widths: the bounding boxes of the page's elements neither intersect nor leave the page."
    page = browser.new_page(viewport=dict(width=width, height=900))
    page.goto(servers['ui'])
    page.wait_for_selector('text=Prediction:', timeout=120_000)
    for view in ('Explain', 'Compare methods', 'CNN vs ViT'):
        if view != 'Explain':
            page.get_by_text(view, exact=True).click()
            page.wait_for_selector('text=first column:', timeout=120_000)
        page.wait_for_timeout(1500)
        got = page.evaluate(LAYOUT_JS)
        m, parts = got['main'], got['parts']
        assert len(parts) > 5, (view, width, parts)
        for p in parts:
            assert m['left'] - 1 <= p['r']['left'] and p['r']['right'] <= m['right'] + 1, (view, width, 'clipped', p)
        bad = [(a['what'], b['what']) for i, a in enumerate(parts) for b in parts[i + 1:] if _overlaps(a['r'], b['r'])]
        assert not bad, (view, width, bad[:5])
        page.screenshot(path=str(SHOTS/f'layout_{view.split()[0].lower()}_{width}.png'), full_page=True)
    page.close()
