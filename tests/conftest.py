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

@pytest.fixture(scope='session')
def user_model(tmp_path_factory):
    "A user's 224-pixel timm ViT as timm's train.py saves it, imported and exported: (folder, stem, checkpoint)."
    import argparse, torch, timm
    from timm.utils import CheckpointSaver
    d = tmp_path_factory.mktemp('user_model')
    torch.manual_seed(0)
    m = timm.create_model('vit_tiny_patch16_224', num_classes=3).eval()
    CheckpointSaver(m, torch.optim.SGD(m.parameters(), lr=0.1), argparse.Namespace(model='vit_tiny_patch16_224'),
                    checkpoint_dir=str(d), recovery_dir=str(d)).save_checkpoint(epoch=0, metric=0.5)
    run_cli('import', d/'model_best.pth.tar', '--classes', 'cat,dog,frog', '--out', d/'my_vit')
    run_cli('export', '--model', d/'my_vit')
    return d, d/'my_vit', d/'model_best.pth.tar'
