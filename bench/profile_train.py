"""Profile training steps of a preset on this CPU with torch.profiler: where the time goes (loader + augmentation vs
forward/backward vs optimizer), and the top operators. Writes bench/train_profile.json.

    python bench/profile_train.py [--presets cpu-vit,cpu-cnn] [--steps 6] [--threads 2]"""
import argparse, json, tempfile, time
from pathlib import Path
import torch
from torch.profiler import profile, record_function, ProfilerActivity
from vit_explain.core import env_info
from vit_explain.train_bench import bench_settings, bench_trainer

def profile_preset(name, steps=6, threads=2, bs=None):
    keep = bench_settings(name)
    bs = bs or keep['bs']
    with tempfile.TemporaryDirectory() as tmp:
        t = bench_trainer(tmp, **{**keep, 'bs': bs, 'threads': threads, 'device': 'cpu'})
        cfg = t.cfg
        it = lambda: next(iter(t.train_dl))
        for _ in range(2):
            xb, yb = it()
            t.train_step(xb, yb)  # warm-up
        parts = dict(data=0.0, step=0.0)
        for _ in range(steps):  # timed without the profiler: it slows the steps, and stays slower after it stops
            s = time.perf_counter()
            xb, yb = it()
            m = time.perf_counter()
            t.train_step(xb, yb)
            parts['data'] += m - s
            parts['step'] += time.perf_counter() - m
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(steps):
                with record_function('loader+augment'): xb, yb = it()
                with record_function('train_step'): t.train_step(xb, yb)
    total = sum(parts.values())
    top = [dict(op=e.key, self_cpu_ms=round(e.self_cpu_time_total / 1000 / steps, 2))
           for e in sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)[:12]]
    return dict(preset=name, model=cfg.model, bs=bs, steps=steps, threads=threads, images_per_s=round(steps * bs / total, 1),
                loader_augment_share=round(parts['data'] / total, 4), top_ops_per_step=top)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--presets', default='cpu-vit,cpu-cnn')
    p.add_argument('--steps', type=int, default=6)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--json', default='bench/train_profile.json')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    res = [profile_preset(n.strip(), a.steps, a.threads) for n in a.presets.split(',')]
    for r in res:
        print(f"{r['preset']} ({r['model']}, batch {r['bs']}): {r['images_per_s']} images/s, loader + augmentation {100 * r['loader_augment_share']:.1f}% of the step")
        for o in r['top_ops_per_step'][:8]: print(f"   {o['op']:40s} {o['self_cpu_ms']:9.2f} ms/step")
    Path(a.json).write_text(json.dumps(dict(profiles=res, env=env_info()), indent=2) + '\n')
