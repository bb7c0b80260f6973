"""`keep_heap` on and off for the `cpu-cnn` training step, each measurement in a fresh process (glibc's allocator state
cannot be reset inside one), alternating on/off for `--rounds` rounds. Writes bench/keep_heap.json.

    python bench/keep_heap.py [--preset cpu-cnn] [--steps 6] [--rounds 2] [--threads 2]"""
import argparse, json, subprocess, sys
from pathlib import Path

CHILD = r'''
import json, resource, sys, tempfile, time, torch
from vit_explain.train import bench_settings, bench_trainer
preset, keep, steps, threads = sys.argv[1], sys.argv[2] == '1', int(sys.argv[3]), int(sys.argv[4])
cfg = bench_settings(preset)
with tempfile.TemporaryDirectory() as tmp:
    t = bench_trainer(tmp, **{**cfg, 'threads': threads, 'keep_heap': keep})
    for _ in range(2): xb, yb = next(iter(t.train_dl)); t.train_step(xb, yb)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for _ in range(steps): xb, yb = next(iter(t.train_dl)); t.train_step(xb, yb)
    dt, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(dict(keep_heap=t.heap_kept, images_per_s=round(steps * cfg['bs'] / dt, 1), page_faults_per_step=round((r1.ru_minflt - r0.ru_minflt) / steps),
                      kernel_share=round((r1.ru_stime - r0.ru_stime) / max(dt * threads, 1e-9), 3), max_rss_gb=round(r1.ru_maxrss / 2**20, 2))))
'''

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--preset', default='cpu-cnn'); p.add_argument('--steps', type=int, default=6)
    p.add_argument('--rounds', type=int, default=2); p.add_argument('--threads', type=int, default=2)
    p.add_argument('--json', default='bench/keep_heap.json')
    a = p.parse_args()
    runs = []
    for _ in range(a.rounds):
        for keep in (0, 1):
            out = subprocess.run([sys.executable, '-c', CHILD, a.preset, str(keep), str(a.steps), str(a.threads)], capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1])); print(runs[-1], flush=True)
    off = [r['images_per_s'] for r in runs if not r['keep_heap']]; on = [r['images_per_s'] for r in runs if r['keep_heap']]
    from vit_explain.core import env_info
    res = dict(preset=a.preset, steps=a.steps, threads=a.threads, runs=runs, speedup=round(sum(on) / max(sum(off), 1e-9), 2), env=env_info())
    Path(a.json).write_text(json.dumps(res, indent=1)); print(f"keep_heap: {res['speedup']:.2f}x images/s")
