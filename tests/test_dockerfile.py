"""The Dockerfile, verified without Docker: a fresh venv gets exactly its `pip install` line, an empty folder gets exactly its
COPY list, its CMD starts there with its ENV (paths under /app mapped to that folder), and health, predict and explain
answer. So the image cannot silently need a file or a package it lacks."""
import json, os, re, shlex, shutil, signal, socket, subprocess, sys, time, venv
from pathlib import Path
import httpx, pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT/'Dockerfile').read_text()

def instructions():
    "(instruction, argument) pairs of the Dockerfile, continuation lines joined."
    text = re.sub(r'\\\n\s*', ' ', DOCKERFILE)
    return [tuple(l.split(None, 1)) for l in text.splitlines() if l.strip() and not l.lstrip().startswith('#')]

def test_dockerfile_recipe_runs(tmp_path):
    ins = instructions()
    pip = [a for k, a in ins if k == 'RUN' and a.startswith('pip install')]
    assert len(pip) == 1, 'one pip line'
    pkgs = shlex.split(pip[0])[2:]
    assert all('==' in p for p in pkgs), f'unpinned: {[p for p in pkgs if "==" not in p]}'
    assert 'torch' not in ' '.join(pkgs)
    assert any(k == 'USER' and a.strip() != 'root' for k, a in ins) and any(k == 'HEALTHCHECK' for k, _ in ins)
    env = dict(os.environ)
    for k, a in ins:
        if k == 'ENV': env.update(dict(kv.split('=', 1) for kv in shlex.split(a)))
    app = tmp_path/'app'
    for k, a in ins:
        if k == 'COPY':
            *srcs, dst = shlex.split(a)
            for s in srcs:
                (app/dst).mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT/s, app/dst/Path(s).name)
    env = {k: v.replace('/app', str(app)) for k, v in env.items()}
    env.pop('PYTHONPATH', None)
    venv.create(tmp_path/'venv', with_pip=True)
    py = tmp_path/'venv'/'bin'/'python'
    t = time.perf_counter()
    subprocess.run([str(py), '-m', 'pip', 'install', '-q', *pkgs], check=True, env=env, capture_output=True)
    print(f'Dockerfile pip line: {time.perf_counter() - t:.0f} s')
    cmd = json.loads(next(a for k, a in ins if k == 'CMD'))
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    cmd = [str(tmp_path/'venv'/'bin'/cmd[0]), *cmd[1:]]
    cmd[cmd.index('--port') + 1] = str(port)
    cmd[cmd.index('--host') + 1] = '127.0.0.1'
    log = open(tmp_path/'server.log', 'w')
    proc = subprocess.Popen(cmd, cwd=app, env=env, stdout=log, stderr=log)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(300):
            try:
                if httpx.get(f'{url}/health', timeout=1).status_code == 200: break
            except httpx.HTTPError: time.sleep(0.1)
        img = (ROOT/'nbs'/'images'/'cat_3134.png').read_bytes()
        h = httpx.get(f'{url}/health').json()
        assert h['status'] == 'ok' and h['backend'] == 'onnx', h
        m = httpx.get(f'{url}/model').json()
        p = httpx.post(f'{url}/predict', files={'file': ('cat.png', img)})
        e = httpx.post(f'{url}/explain', files={'file': ('cat.png', img)})
        assert p.status_code == 200 and e.status_code == 200, (p.text, e.text)
        assert e.json()['method'] == m['default_method'] and m['method_help'][m['default_method']]
        print('image default method:', m['default_method'], '; top class:', p.json()['predictions'][0]['top'][0])
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        log.close()
    assert 'Traceback' not in (tmp_path/'server.log').read_text(), (tmp_path/'server.log').read_text()[-2000:]
