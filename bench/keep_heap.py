"""`keep_heap` on and off for the `cpu-cnn` training step, each measurement in a fresh process (glibc's allocator state
cannot be reset inside one: `benchmark_fresh`), alternating off/on for `--rounds` rounds. Writes bench/keep_heap.json.

    python bench/keep_heap.py [--preset cpu-cnn] [--steps 6] [--rounds 2] [--threads 2]"""
import argparse, json
from pathlib import Path
from vit_explain.core import env_info
from vit_explain.train_bench import bench_settings, benchmark_fresh

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--preset', default='cpu-cnn')
    p.add_argument('--steps', type=int, default=6)
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--json', default='bench/keep_heap.json')
    a = p.parse_args()
    runs = []
    for _ in range(a.rounds):
        for keep in (False, True):
            runs.append(benchmark_fresh(dict(bench_settings(a.preset), steps=a.steps, threads=a.threads, keep_heap=keep)))
            print(runs[-1], flush=True)
    off = [r['images_per_s'] for r in runs if not r['heap_kept']]
    on = [r['images_per_s'] for r in runs if r['heap_kept']]
    res = dict(preset=a.preset, steps=a.steps, threads=a.threads, runs=runs, speedup=round(sum(on) / max(sum(off), 1e-9), 2), env=env_info())
    Path(a.json).write_text(json.dumps(res, indent=1))
    print(f"keep_heap: {res['speedup']:.2f}x images/s")
