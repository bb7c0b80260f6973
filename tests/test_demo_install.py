"""The torch-free install as a newcomer meets it: a copy of the repository's tracked files, a fresh venv, README's
`pip install -e ".[demo]"`, then every `--help`, the README's first Python example, `explain --npz` against the torch
install's maps (this process has torch), the CNN explained, and the one-line error of a command that needs torch."""
import os, re, shutil, subprocess, sys, time, venv
from pathlib import Path
import numpy as np, pytest

ROOT = Path(__file__).resolve().parent.parent
HELPS = [[], ['serve'], ['evaluate'], ['explain'], ['export'], ['train'], ['benchmark']] + \
        [['benchmark', w] for w in ('train', 'explanations', 'road', 'sanity', 'explain-speed', 'inference', 'load')]

@pytest.fixture(scope='module')
def demo(tmp_path_factory):
    "(clone folder, bin folder) of a fresh `.[demo]` install of a copy of the tracked files."
    tmp = tmp_path_factory.mktemp('demo')
    clone = tmp/'vit_explain'
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split('\0')
    for f in filter(None, files):
        if (ROOT/f).is_file():
            (clone/f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT/f, clone/f)
    venv.create(tmp/'venv', with_pip=True)
    bin_ = tmp/'venv'/'bin'
    t = time.perf_counter()
    r = subprocess.run([str(bin_/'python'), '-m', 'pip', 'install', '-q', '-e', '.[demo]'], cwd=clone, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    print(f'pip install -e ".[demo]": {time.perf_counter() - t:.0f} s')
    return clone, bin_

def run(demo, *args, check=True, env_extra=None):
    clone, bin_ = demo
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'VIT_EXPLAIN_MODEL', 'VIT_EXPLAIN_MODELS')}
    env.update(env_extra or {})
    r = subprocess.run([str(bin_/'vit-explain'), *map(str, args)], cwd=clone, capture_output=True, text=True, env=env, timeout=600)
    assert 'Traceback' not in r.stderr, r.stderr[-3000:]
    if check: assert r.returncode == 0, (args, r.stdout[-2000:], r.stderr[-2000:])
    return r

def test_there_is_no_torch(demo):
    r = subprocess.run([str(demo[1]/'python'), '-c', 'import torch'], capture_output=True, text=True)
    assert r.returncode == 1 and "No module named 'torch'" in r.stderr

@pytest.mark.parametrize('cmd', HELPS, ids=lambda c: ' '.join(c) or 'vit-explain')
def test_every_help(demo, cmd):
    r = run(demo, *cmd, '--help')
    assert r.stdout.startswith('usage: vit-explain'), r.stdout[:300]

def test_version_and_no_command(demo):
    assert run(demo, '--version').stdout.startswith('vit-explain ')
    r = run(demo, check=False)
    assert r.returncode == 2 and 'the following arguments are required: COMMAND' in r.stderr

def test_a_command_that_needs_torch_says_what_to_install(demo):
    for args, what in [(['train', '--preset', 'cpu-vit'], 'vit-explain train'), (['export'], 'vit-explain export'),
                       *[(['benchmark', w], f'vit-explain benchmark {w}') for w in
                         ('train', 'explanations', 'road', 'sanity', 'explain-speed', 'inference')],
                       (['explain', 'nbs/images/cat_3134.png', '--method', 'cplrp'], "method 'cplrp'")]:
        r = run(demo, *args, check=False)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1, (args, r.stderr)
        assert lines[0].startswith(f'vit-explain: error: {what}') and 'pip install -e ".[train]"' in lines[0], lines

def test_readme_first_python_example(demo):
    "The README's first Python block (the torch-free `Predictor`) prints what the README shows, in the demo install."
    md = (ROOT/'README.md').read_text()
    code, shown = re.findall(r'```python\n(.*?)```\n\n```\n(.*?)```', md, re.S)[0]
    assert 'Predictor' in code
    r = subprocess.run([str(demo[1]/'python'), '-c', code], cwd=demo[0], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == shown.strip()

def _sample_npz(path):
    from vit_explain.data import find_cifar10, load_cifar10, balanced_indices, read_image
    root = find_cifar10()
    if root is not None and (root/'test.npz').is_file():
        te = load_cifar10(root, 'test', download=False)
        x = te.x[balanced_indices(te.y, 20)]
    else: x = np.stack([read_image(f, 32) for f in sorted((ROOT/'nbs'/'images').glob('*.png'))])
    np.savez(path, x=x)
    return x

@pytest.mark.parametrize('model', ['vit_cifar10', 'cnn_cifar10'])
def test_explain_npz_equals_the_torch_install(demo, model, tmp_path):
    "The default method's maps from the torch-free install against `explain` in this (torch) process: same classes, the same maps."
    from vit_explain.model import load_model
    from vit_explain.explain import explain, prepare_images, DEFAULT_METHOD
    from vit_explain.export import map_sensitivity
    x = _sample_npz(tmp_path/'few.npz')
    r = run(demo, 'explain', '--npz', tmp_path/'few.npz', '--model', f'models/{model}', '--out', tmp_path/'maps.npy', '--bs', 8)
    assert f'({DEFAULT_METHOD}, onnx backend)' in r.stdout, r.stdout
    maps, pred = np.load(tmp_path/'maps.npy'), np.load(tmp_path/'maps.pred.npy')
    m, card = load_model(ROOT/'models'/model)
    e = [explain(m, prepare_images(x[i:i + 8], card)) for i in range(0, len(x), 8)]
    ref, tgt = np.concatenate([k.maps.numpy() for k in e]), np.concatenate([k.target.numpy() for k in e])
    assert (pred == tgt).all()
    rel = np.abs(maps - ref).reshape(len(x), -1).max(1) / np.abs(ref).reshape(len(x), -1).max(1)
    # both models' max-pools (the CNN's, the ViT tokenizer's) flip an argmax between values a rounding error apart on a
    # few images (see 07_export): each image beyond 1e-4 must be one whose torch map moves as much under 1e-7 of noise
    for i in np.flatnonzero(rel > 1e-4):
        assert map_sensitivity(m, prepare_images(x[i:i + 1], card))[DEFAULT_METHOD] >= rel[i] / 2, (i, rel)

def test_the_cnn_is_explained(demo, tmp_path):
    r = run(demo, 'explain', 'nbs/images/cat_3134.png', '--model', 'models/cnn_cifar10', '--out', tmp_path)
    assert r.stdout.startswith('nbs/images/cat_3134.png: ') and (tmp_path/'cat_3134_cnn_cifar10_attnlrp-token.png').is_file(), r.stdout
    run(demo, 'explain', 'nbs/images/cat_3134.png', '--model', 'models/cnn_cifar10', '--method', 'gradcam', '--out', tmp_path)
    assert (tmp_path/'cat_3134_cnn_cifar10_gradcam.png').is_file()

def test_a_users_224_model_is_explained_and_served_without_torch(demo, user_model, tmp_path):
    """A user's timm ViT imported and exported with torch (the `user_model` fixture), then in the torch-free install:
    the default and per-pixel maps equal torch's `explain` here, `import` says in one line that it needs torch, and
    `serve --model` serves it beside the shipped ViT."""
    import json, signal, socket, httpx
    from vit_explain.data import read_image
    from vit_explain.model import load_model
    from vit_explain.explain import explain, prepare_images
    _, stem, ckpt = user_model
    x = np.stack([read_image(f, 224) for f in sorted((ROOT/'nbs'/'images').glob('*.png'))[:4]])
    np.savez(tmp_path/'x.npz', x=x)
    m, card = load_model(stem)
    for method in ('attnlrp-token', 'attnlrp'):
        run(demo, 'explain', '--npz', tmp_path/'x.npz', '--model', stem, '--method', method, '--out', tmp_path/'m.npy')
        ref = explain(m, prepare_images(x, card), method).maps.numpy()
        assert np.abs(np.load(tmp_path/'m.npy') - ref).max() <= 1e-4 * np.abs(ref).max(), method
    r = run(demo, 'import', ckpt, '--out', tmp_path/'again', check=False)
    assert r.returncode == 2 and r.stderr.strip() == ('vit-explain: error: vit-explain import needs torch, which this '
                                                      'install does not have: pip install -e ".[train]"')
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    url = f'http://127.0.0.1:{port}'
    proc = subprocess.Popen([str(demo[1]/'vit-explain'), 'serve', '--port', str(port), '--model', stem, '--model',
                             'vit_cifar10'], cwd=demo[0], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for _ in range(600):
            try:
                if httpx.get(f'{url}/health', timeout=1).status_code == 200: break
            except httpx.HTTPError: time.sleep(0.05)
        ms = httpx.get(f'{url}/models').json()
        assert [(m_['name'], m_['input_size'], m_['classes']) for m_ in ms['models']] == [('my_vit', 224, 3), ('vit_cifar10', 32, 10)]
        img = (ROOT/'nbs'/'images'/'dog_5048.png').read_bytes()
        e = httpx.post(f'{url}/explain', files={'file': ('dog.png', img)}, timeout=60).json()
        assert (e['model'], e['grid'], e['method']) == ('my_vit', [14, 14], 'attnlrp-token'), e.get('error')
        bad = httpx.post(f'{url}/explain?model=nope', files={'file': ('dog.png', img)}, timeout=60)
        assert bad.status_code == 422 and bad.json()['error'] == "invalid model 'nope'; valid: my_vit, vit_cifar10"
        r = run(demo, 'benchmark', 'load', '--url', url, '--n', 20, '--concurrency', 4, '--json', tmp_path/'load.json')
        assert '20 requests, 4 concurrent' in r.stdout and ', 0 errors' in r.stdout, r.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)

def test_evaluate_downloads_cifar10_with_the_standard_library(demo, tmp_path):
    "No torchvision: the archive (here a small one shaped like the official, from a file:// URL) is fetched, its md5 checked, extracted."
    import hashlib, pickle, tarfile
    d = tmp_path/'src'/'cifar-10-batches-py'
    d.mkdir(parents=True)
    g = np.random.default_rng(0)
    for name in [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']:
        with open(d/name, 'wb') as f:
            pickle.dump({b'data': g.integers(0, 255, (30, 3072), dtype=np.uint8), b'labels': list(g.integers(0, 10, 30))}, f)
    with tarfile.open(tmp_path/'cifar.tar.gz', 'w:gz') as t: t.add(d, 'cifar-10-batches-py')
    md5 = hashlib.md5((tmp_path/'cifar.tar.gz').read_bytes()).hexdigest()
    env = dict(VIT_EXPLAIN_CIFAR10_URL=(tmp_path/'cifar.tar.gz').as_uri(), VIT_EXPLAIN_CACHE=str(tmp_path/'cache'),
               VIT_EXPLAIN_CIFAR10=str(tmp_path/'nowhere'))  # no local copy: not shared/ beside the checkout either
    r = run(demo, 'evaluate', '--limit', 20, env_extra=dict(env, VIT_EXPLAIN_CIFAR10_MD5=md5))
    assert r.stdout.startswith('accuracy ') and ' images), loss ' in r.stdout, r.stdout  # a class-balanced subset
    assert (tmp_path/'cache'/'cifar-10-batches-py'/'test_batch').is_file()
    bad = run(demo, 'evaluate', '--limit', 20, env_extra=dict(env, VIT_EXPLAIN_CACHE=str(tmp_path/'cache2')), check=False)
    assert bad.returncode == 2 and 'not the expected c58f30108f718f92721af3b95e74349a: nothing was extracted' in bad.stderr

def test_evaluate_on_a_folder_without_a_split(demo, tmp_path):
    from PIL import Image
    for c in ('cat', 'dog'):
        (tmp_path/c).mkdir()
        for i in range(3): Image.new('RGB', (40, 40), (40 * i, 80, 120)).save(tmp_path/c/f'{i}.png')
    r = run(demo, 'evaluate', '--data', f'folder:{tmp_path}', check=False)
    assert "has no train/ and val/ folders: using all 6 of its images" in r.stdout, (r.stdout, r.stderr)
