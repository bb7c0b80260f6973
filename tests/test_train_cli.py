"Training behaviours that need real processes: SIGKILL + exact resume, DDP under torchrun, CLI errors."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest, torch
from safetensors import safe_open
from conftest import CLI, run_cli

def weights(path, prefix='model.'):
    with safe_open(str(path), 'pt') as f: return {k: f.get_tensor(k) for k in f.keys() if k.startswith(prefix)}

def ckpt_epoch(path):
    with safe_open(str(path), 'pt') as f: return json.loads(f.metadata()['vit_explain_checkpoint'])['epoch']

CNN_RECIPE = ['--preset', 'cpu-cnn', '--time-budget', '0', '--valid-pct', '0.1', '--limit', '320']  # Nesterov SGD, EMA, channels-last

@pytest.mark.parametrize('recipe', [[], CNN_RECIPE], ids=['vit-full-augmentation', 'cnn-preset'])
def test_sigkill_resume_is_exact(tmp_path, tiny_args, recipe):
    "Kill training with SIGKILL right after epoch 1, resume it, and get bit-identical final weights."
    args = tiny_args + recipe + ['--epochs', '3']
    run_cli('train', *args, '--out', tmp_path/'full')
    env = dict(os.environ, OMP_NUM_THREADS='1')
    p = subprocess.Popen([CLI, 'train', *args, '--out', str(tmp_path/'killed')], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = tmp_path/'killed'/'metrics.jsonl'
    t0 = time.time()
    while not (log.exists() and log.read_text().count('\n') >= 1):
        assert p.poll() is None, p.stderr.read().decode()
        assert time.time() - t0 < 300, 'epoch 1 never finished'
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert p.returncode == -signal.SIGKILL
    assert ckpt_epoch(tmp_path/'killed'/'checkpoint.safetensors') == 1, 'the kill did not land in epoch 2'
    r = run_cli('train', *args, '--out', tmp_path/'killed', '--resume')
    assert 'resumed' in r.stdout and 'after epoch 1' in r.stdout
    a, b = weights(tmp_path/'full'/'checkpoint.safetensors'), weights(tmp_path/'killed'/'checkpoint.safetensors')
    assert a.keys() == b.keys() and len(a) > 10
    for k in a: assert torch.equal(a[k], b[k]), k
    oa, ob = weights(tmp_path/'full'/'checkpoint.safetensors', 'optim.'), weights(tmp_path/'killed'/'checkpoint.safetensors', 'optim.')
    for k in oa: assert torch.equal(oa[k], ob[k]), k
    ma = [json.loads(l) for l in (tmp_path/'full'/'metrics.jsonl').read_text().splitlines()]
    mb = [json.loads(l) for l in (tmp_path/'killed'/'metrics.jsonl').read_text().splitlines()]
    assert [m['valid_loss'] for m in ma] == [m['valid_loss'] for m in mb] and len(mb) == 3

def test_corrupt_checkpoint_is_a_clear_error(tmp_path, tiny_args):
    run_cli('train', *tiny_args, '--epochs', '1', '--out', tmp_path/'r')
    ck = tmp_path/'r'/'checkpoint.safetensors'
    ck.write_bytes(ck.read_bytes()[:1000])
    r = run_cli('train', *tiny_args, '--epochs', '2', '--out', tmp_path/'r', '--resume', check=False)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"vit-explain: error: corrupt checkpoint '{ck}' (" + r.stderr.split(" (", 1)[1].strip()]
    assert 'delete it to start over' in r.stderr

def test_ddp_two_cpu_processes(tmp_path, tiny_args):
    "The same command under torchrun with 2 gloo processes: trains, syncs, writes once."
    env = dict(os.environ, OMP_NUM_THREADS='1')
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--no-python', CLI, 'train',
           *tiny_args, '--epochs', '2', '--out', str(tmp_path/'ddp')]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count('test accuracy') == 1  # only rank 0 prints
    assert len((tmp_path/'ddp'/'metrics.jsonl').read_text().splitlines()) == 2
    card = json.loads((tmp_path/'ddp'/'model.json').read_text())
    assert card['processes'] == 2 and card['test_images'] == 160 and card['epochs'] == 2

def test_help_and_usage_errors():
    for sub in ['train', 'evaluate', 'explain', 'export', 'serve', 'benchmark']:
        assert run_cli(sub, '--help').stdout.startswith(f'usage: vit-explain {sub}')
    r = run_cli('train', '--amp', 'fp8', '--data', 'synthetic:64', '--out', '/tmp/never', check=False)
    assert r.returncode == 2 and r.stderr.strip() == "vit-explain: error: amp must be auto, bf16, fp16 or off, got 'fp8'"
