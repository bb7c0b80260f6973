"`vit-explain serve` as a user starts it: torch-free on the ONNX backend, quick to answer, its URLs printed, memory flat under load."
import signal, socket, subprocess, sys, time
import httpx
from vit_explain.serve import load_test

def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p

def rss_mb(pid): return int(open(f'/proc/{pid}/status').read().split('VmRSS:')[1].split()[0]) / 1024

def test_serve_is_torch_free_and_bounded(tmp_path):
    port = free_port()
    url = f'http://127.0.0.1:{port}'
    t = time.perf_counter()
    log = open(tmp_path/'err.log', 'w')  # a file, not a pipe: 2000 log lines would fill a pipe and block the server
    proc = subprocess.Popen([sys.executable, '-c', 'from vit_explain.cli import cli; cli()', 'serve', '--port', str(port)],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        for _ in range(400):
            try:
                if httpx.get(f'{url}/health', timeout=1).status_code == 200: break
            except httpx.HTTPError: time.sleep(0.05)
        ready = time.perf_counter() - t
        maps = open(f'/proc/{proc.pid}/maps').read()
        assert 'libtorch' not in maps and '/torch/' not in maps, 'the ONNX server process loaded torch'
        m = httpx.get(f'{url}/model').json()
        assert m['default_method'] in m['methods'] and isinstance(m['card']['test_acc'], float), m['default_method']
        start = rss_mb(proc.pid)
        load_test(url, n=200, concurrency=8)  # warm-up: the attention graph loads on the first /explain, onnxruntime sizes its arenas
        before = rss_mb(proc.pid)
        res = load_test(url, n=2000, concurrency=8)
        after = rss_mb(proc.pid)
        print(f"serve: ready in {ready:.2f} s; 2000 requests: {res['requests_per_s']} req/s, p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms, "
              f"{res['errors']} errors; RSS {start:.0f} MB at start, {before:.0f} after a 200-request warm-up, {after:.0f} after 2000 more")
        assert res['errors'] == 0, res['first_errors']
        assert after - before < 30, (start, before, after)  # flat: no per-request leak
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
        log.close()
    err = (tmp_path/'err.log').read_text()
    assert f'on {url}; API docs at {url}/docs' in out, out
    assert '"path": "/predict"' in err and '"request_id"' in err, err[-500:]  # the JSON request log

def test_serve_on_a_taken_port_fails_before_saying_serving():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = subprocess.run([sys.executable, '-c', 'from vit_explain.cli import cli; cli()', 'serve', '--port', str(port)],
                           capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and 'serving' not in r.stdout, (r.stdout, r.stderr)
    assert r.stderr.strip() == f'vit-explain: error: cannot listen on 127.0.0.1:{port}: Address already in use', r.stderr

def test_serve_help_shows_the_defaults():
    r = subprocess.run([sys.executable, '-c', 'from vit_explain.cli import cli; cli()', 'serve', '--help'], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and '(default: 8000)' in r.stdout and '(default: onnx)' in r.stdout and r.stdout.count('(default:') == r.stdout.count('\n  --') and '(default: 127.0.0.1)' in r.stdout, r.stdout
