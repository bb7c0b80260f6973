"""The users' "run the notebooks interactively" path: JupyterLab started as a process on loopback, the explorer tutorial
opened in a real headless Chromium, run cell by cell (Shift+Enter), a widget moved and the explanation image seen to change.
The notebook is copied to a temporary folder first, so JupyterLab's autosave never touches the checkout."""
import json, os, shutil, subprocess, sys, time
from pathlib import Path
import pytest
from test_browser import ARGS, CHROMIUM, SHOTS, free_port, wait_http
from vit_explain.data import find_cifar10

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT/'nbs'/'tutorials'/'explore.ipynb'
pytestmark = [pytest.mark.skipif(not Path(CHROMIUM).exists(), reason='Debian chromium is not installed (.ci/run installs it)'),
              pytest.mark.skipif(shutil.which('jupyter-lab') is None, reason='JupyterLab is not installed (pip install -e ".[dev]")')]

@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp('lab')
    shutil.copy(NB, work/NB.name)
    port, home = free_port(), tmp_path_factory.mktemp('home')
    env = dict(os.environ, OMP_NUM_THREADS='1', VIT_EXPLAIN_MODELS=str(ROOT/'models'))
    if find_cifar10() is not None: env['VIT_EXPLAIN_CIFAR10'] = str(find_cifar10())  # the notebook runs in a temporary folder
    proc = subprocess.Popen([shutil.which('jupyter-lab'), '--no-browser', f'--port={port}', '--ip=127.0.0.1', f'--ServerApp.root_dir={work}',
                             "--IdentityProvider.token=", '--ServerApp.password=', '--LabApp.news_url=None',
                             '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--LabApp.extension_manager=readonly',
                             f'--LabApp.user_settings_dir={home}/settings', f'--LabApp.workspaces_dir={home}/workspaces']
                            + ['--allow-root'] * (os.geteuid() == 0),  # CI containers run as root
                            cwd=work, env=env, stdout=open(home/'lab.log', 'w'), stderr=subprocess.STDOUT)  # a file: a full pipe would block the server
    try:
        try: wait_http(f'http://127.0.0.1:{port}/api/status', proc)
        except AssertionError: raise AssertionError((home/'lab.log').read_text()[-2000:]) from None
        yield dict(url=f'http://127.0.0.1:{port}', work=work)
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()

def test_explorer_notebook_runs_and_reacts(lab):
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = b.new_page(viewport=dict(width=1400, height=1000))
        errors = []
        page.on('pageerror', lambda e: errors.append(str(e)))
        try: _run_and_move(page, lab['url'])
        except Exception:
            page.screenshot(path=str(SHOTS/'jupyterlab_failure.png'), full_page=True)
            raise
        page.screenshot(path=str(SHOTS/'jupyterlab_explorer.png'))
        b.close()
    assert not errors, errors

def _dropdown(page, label):
    "The <select> of the ipywidgets Dropdown whose description is `label`."
    return page.locator('.widget-dropdown').filter(has=page.locator('label.widget-label', has_text=label)).locator('select')

def _run_and_move(page, url):
    page.goto(f"{url}/lab/tree/{NB.name}", wait_until='domcontentloaded', timeout=120_000)
    page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=120_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=120_000)  # the kernel is up
    # run the cells one by one as a user does (Shift+Enter), each once the kernel is idle again
    page.locator('.jp-Notebook .jp-Cell').first.click()
    for _ in range(len(json.loads(NB.read_text())['cells'])):  # from the file: JupyterLab renders only the cells in view
        page.keyboard.press('Escape')
        page.keyboard.press('Shift+Enter')
        page.wait_for_timeout(500)
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=240_000)
    # the explanation explorer: its method dropdown and its image, rendered by the widget manager
    method = _dropdown(page, 'method').first
    method.wait_for(timeout=240_000)
    page.wait_for_function("() => document.querySelector('.widget-image') && document.querySelector('.widget-image').src.startsWith('blob:')", timeout=60_000)
    before = page.locator('.widget-image').first.get_attribute('src')
    options = method.locator('option').all_inner_texts()
    assert len(options) >= 3, options
    method.select_option(index=2)
    page.wait_for_function("s => document.querySelector('.widget-image').src !== s", arg=before, timeout=120_000)
    page.wait_for_function("m => document.querySelector('.widget-html').innerText.includes(m)", arg=options[2].replace('\xa0', ' '), timeout=60_000)
    # every cell ran without an error, and the token explorer rendered too
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=240_000)
    assert page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]:has-text("Error")').count() == 0
    page.locator('.jp-Notebook .jp-Cell').last.scroll_into_view_if_needed()  # JupyterLab renders the cells in view only
    page.wait_for_function("() => document.querySelectorAll('.widget-image').length >= 2", timeout=60_000)
    assert _dropdown(page, 'head').count() >= 2
