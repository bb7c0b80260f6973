"""The default explanation's cost on each model family at 224 pixels, beside the same rules written with lxt's
functions (`vit_explain.lxt_reference`), plain gradient x input and the forward pass alone: one process, threads
fixed, the four timed in interleaved rounds (`median_seconds_each`). Random weights (the cost does not depend on
them). Writes bench/family_speed.json.

    python bench/family_speed.py [--threads 2] [--repeats 3] [--models NAME,...]"""
import argparse, json
from pathlib import Path
import torch, timm
from vit_explain.core import env_info, median_seconds_each
from vit_explain.explain import explain
from vit_explain.families import family_of
from vit_explain.lxt_reference import lxt_relevance
from vit_explain.methods import DEFAULT_METHOD

MODELS = ('deit_tiny_patch16_224', 'deit_tiny_distilled_patch16_224', 'eva02_tiny_patch14_224',
          'swin_tiny_patch4_window7_224', 'convnext_tiny')

def gradient_x_input(m, x, t):
    "Plain gradient x input of the target logit, summed over the channels: one forward and one backward pass."
    xi = x.clone().requires_grad_(True)
    g, = torch.autograd.grad(m(xi).gather(1, t[:, None]).sum(), [xi])
    return (x * g).sum(1)

def time_model(name:str, repeats:int) -> dict:
    m = timm.create_model(name, num_classes=10).eval()
    row = dict(model=name, family=family_of(m).name)
    for b in (1, 16):
        x = torch.randn(b, 3, 224, 224, generator=torch.Generator().manual_seed(0))
        with torch.no_grad(): t = m(x).argmax(1)
        def fwd():
            with torch.no_grad(): m(x)
        s = median_seconds_each({'ours': lambda: explain(m, x, DEFAULT_METHOD), 'lxt rules': lambda: lxt_relevance(m, x, t, 'attnlrp'),
                                 'gradient x input': lambda: gradient_x_input(m, x, t), 'forward': fwd}, repeats)
        row[f'batch{b}_ms'] = {k: round(1000 * v, 1) for k, v in s.items()}
        row[f'batch{b}_vs_gradxinput'] = round(s['ours'] / s['gradient x input'], 2)
        row[f'batch{b}_vs_lxt'] = round(s['ours'] / s['lxt rules'], 2)
        print(name, b, row[f'batch{b}_ms'], flush=True)
    return row

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--models', help='comma-separated: measure only these again, keeping the file\'s other rows')
    p.add_argument('--json', default='bench/family_speed.json')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    again = a.models.split(',') if a.models else MODELS
    old = {r['model']: r for r in json.loads(Path(a.json).read_text())['rows']} if a.models else {}
    rows = [time_model(n, a.repeats) if n in again else old[n] for n in MODELS]
    Path(a.json).write_text(json.dumps(dict(method=DEFAULT_METHOD, threads=a.threads, rows=rows, env=env_info()),
                                       indent=1) + '\n')
