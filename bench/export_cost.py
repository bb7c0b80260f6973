"""What exporting a user's 224-pixel ViT costs, and what onnxruntime then gains: for each timm ViT (random weights, 10
classes, imported as a user's model would be), the time and peak memory of `vit-explain export` (logits, attention
and the explanation graph, each checked against torch), the graphs' sizes, and the default explanation's time on
onnxruntime vs torch at batch 1 and 16, side by side in one process. Each architecture runs in a fresh process, so
that its peak memory is its own. Writes bench/export_cost.json.

    python bench/export_cost.py [--archs vit_tiny_patch16_224,vit_small_patch16_224,vit_base_patch16_224] [--threads 2]"""
import argparse, json, resource, subprocess, sys, tempfile, time
from pathlib import Path

_GRAPHS = {'onnx': 'logits', 'attn.onnx': 'attention', 'lrp.onnx': 'explanation'}


def one(arch:str, threads:int, repeats:int) -> dict:
    "Export `arch` and time the default explanation on both backends (run in its own process)."
    import numpy as np, torch, timm
    from vit_explain.core import env_info, median_seconds_each
    from vit_explain.model import save_model
    from vit_explain.export import export_onnx
    from vit_explain.predict import Predictor
    torch.set_num_threads(threads)
    d = Path(tempfile.mkdtemp())
    m = timm.create_model(arch, num_classes=10).eval()
    stem = save_model(m, d/'m', dict(classes=[f'c{i}' for i in range(10)]))
    rss0, t = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
    paths = export_onnx(stem)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # GiB (ru_maxrss is in KiB on Linux)
    ort, pt = Predictor(stem, 'onnx', threads=threads), Predictor(stem, 'torch', threads=threads)
    x = {b: np.random.default_rng(0).standard_normal((b, 3, 224, 224)).astype(np.float32) for b in (1, 16)}
    ms = {}
    for b in (1, 16):
        r = median_seconds_each({'onnxruntime': lambda: ort.maps(x[b]), 'torch eager': lambda: pt.maps(x[b])},
                                repeats if b == 1 else max(2, repeats // 4))
        ms[b] = {k: round(1000 * v, 1) for k, v in r.items()}
    return dict(arch=arch, params_m=round(sum(p.numel() for p in m.parameters()) / 1e6, 2), export_seconds=round(secs, 1),
                peak_rss_gib=round(peak, 2), rss_before_export_gib=round(rss0 / 2**20, 2),
                graph_mb={_GRAPHS[p.name[2:]]: round(p.stat().st_size / 1e6, 1) for p in paths},
                method=ort.default_method, batch1_ms=ms[1], batch16_ms=ms[16],
                ort_speedup_batch1=round(ms[1]['torch eager'] / ms[1]['onnxruntime'], 2),
                ort_speedup_batch16=round(ms[16]['torch eager'] / ms[16]['onnxruntime'], 2), env=env_info())


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--archs', default='vit_tiny_patch16_224,vit_small_patch16_224,vit_base_patch16_224')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--repeats', type=int, default=8)
    p.add_argument('--one', help=argparse.SUPPRESS)  # internal: run one architecture and print its JSON
    p.add_argument('--json', default='bench/export_cost.json')
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one, a.threads, a.repeats)))
        sys.exit(0)
    rows = []
    for arch in a.archs.split(','):
        out = subprocess.run([sys.executable, __file__, '--one', arch, '--threads', str(a.threads), '--repeats',
                              str(a.repeats)], capture_output=True, text=True)
        if out.returncode: sys.exit(f'{arch} failed:\n{out.stderr[-3000:]}')
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{arch}: export {r['export_seconds']} s, peak {r['peak_rss_gib']} GiB, graphs {r['graph_mb']} MB; "
              f"{r['method']} batch 1 {r['batch1_ms']}, batch 16 {r['batch16_ms']}", flush=True)
    Path(a.json).write_text(json.dumps(dict(rows=rows, threads=a.threads), indent=1) + '\n')
