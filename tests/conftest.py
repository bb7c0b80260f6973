import os, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = shutil.which('vit-explain') or 'vit-explain'

def run_cli(*args, check=True, timeout=600, **kw):
    "Run `vit-explain ARGS` in a subprocess with one CPU thread; returns the CompletedProcess."
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONUNBUFFERED='1')
    r = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env, **kw)
    if check and r.returncode != 0: raise AssertionError(f'vit-explain {args} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}')
    return r

@pytest.fixture
def tiny_args():
    "A few-second training run on synthetic data with every augmentation on."
    return ['--data', 'synthetic:640', '--model-args', 'depth=2,embed_dim=64,num_heads=2', '--bs', '16', '--lr', '1e-3',
            '--device', 'cpu', '--threads', '1', '--no-progress']
