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

def tie_sensitivity(m, x, eps=(1e-7, 1e-6), draws=10):
    "How far torch's default map of one normalised image `x` (1, 3, H, W) moves under a few ulps of noise, relative."
    import numpy as np, torch
    from vit_explain.explain import explain
    ref, g = explain(m, x).maps.numpy(), torch.Generator().manual_seed(0)  # seeded: the same draws every run
    nudged = [x + e * torch.randn(x.shape, generator=g) for e in eps for _ in range(draws)]
    return float(max(np.abs(explain(m, xn).maps.numpy() - ref).max() for xn in nudged) / np.abs(ref).max())

@pytest.fixture
def tiny_args():
    "A few-second training run on synthetic data with every augmentation on."
    return ['--data', 'synthetic:640', '--model-args', 'depth=2,embed_dim=64,num_heads=2', '--bs', '16', '--lr', '1e-3',
            '--device', 'cpu', '--threads', '1', '--no-progress']
