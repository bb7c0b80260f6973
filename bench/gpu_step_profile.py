"""Where a training step's time goes on a GPU: loader + augmentation, Mixup, forward + loss, backward, clipping, optimizer,
EMA, each timed with a device synchronisation around it, against the unsynchronised step (CPU launch overhead shows as
the gap). Synthetic data; prints one line per preset.

    python bench/gpu_step_profile.py [--presets gpu-vit,gpu-cnn] [--steps 30] [--compile off]"""
import argparse, json, tempfile, time
import torch, torch.nn as nn
from vit_explain.train_config import PRESETS, TrainConfig
from vit_explain.evaluation import amp_autocast
from vit_explain.train import Trainer

def profile_preset(name, steps=30, compile='off', **over):
    keep = {k: v for k, v in PRESETS[name].items() if k not in ('distill', 'time_budget', 'epochs')}
    with tempfile.TemporaryDirectory() as tmp:
        t = Trainer(TrainConfig(**{**keep, 'data': f'synthetic:{keep["bs"] * 4}', 'valid_pct': 0, 'progress': False, 'out': tmp,
                                   'compile': compile, **over})).prepare()
        sync = torch.cuda.synchronize if t.device.type == 'cuda' else (lambda: None)
        def batch():
            xb, yb = next(iter(t.train_dl))
            return xb, yb, t.train_dl.batch_idx
        for _ in range(5): t.train_step(*batch())  # warm-up (and compilation)
        sync()
        s = time.perf_counter()
        for _ in range(steps): t.train_step(*batch())
        sync()
        plain = (time.perf_counter() - s) / steps
        parts = dict.fromkeys(['loader_augment', 'mixup', 'forward_loss', 'backward', 'clip', 'optimizer', 'ema'], 0.0)
        def tick(k, t0):
            sync()
            parts[k] += time.perf_counter() - t0
            return time.perf_counter()
        for _ in range(steps):
            sync()
            c = time.perf_counter()
            xb, yb, _ = batch()
            c = tick('loader_augment', c)
            if t.mixup is not None: xb, yb = t.mixup(xb, yb)
            if t.channels_last: xb = xb.contiguous(memory_format=torch.channels_last)
            c = tick('mixup', c)
            with amp_autocast(t.device, t.amp): loss = t.loss_fn(t.net(xb), yb)
            c = tick('forward_loss', c)
            t.opt.zero_grad(set_to_none=True)
            loss.backward()
            c = tick('backward', c)
            if t.cfg.clip_grad: nn.utils.clip_grad_norm_(t.model.parameters(), t.cfg.clip_grad)
            c = tick('clip', c)
            t.opt.step()
            c = tick('optimizer', c)
            if t.ema is not None: t.ema.update(t.model, step=t.step)
            tick('ema', c)
    bs = t.cfg.bs
    return dict(preset=name, model=t.cfg.model, bs=bs, compile=t.compile, amp=t.amp, step_ms=round(1000 * plain, 2), images_per_s=round(bs / plain),
                synced_parts_ms={k: round(1000 * v / steps, 2) for k, v in parts.items()}, device=str(torch.cuda.get_device_name() if t.device.type == 'cuda' else 'cpu'))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--presets', default='gpu-vit,gpu-cnn')
    p.add_argument('--steps', type=int, default=30)
    p.add_argument('--compile', default='off')
    p.add_argument('--device', default='cuda')
    p.add_argument('--json')
    a = p.parse_args()
    res = [profile_preset(n.strip(), a.steps, a.compile, device=a.device) for n in a.presets.split(',')]
    for r in res: print(json.dumps(r))
    if a.json: open(a.json, 'w').write(json.dumps(res, indent=1) + '\n')
