"""Execute notebooks in place and keep their outputs (the docs show them; numbers in them come from `bench/` and `models/`).

    python tools/run_nbs.py nbs/index.ipynb nbs/benchmarks.ipynb ...

Each notebook runs in its own folder with execnb (what `nbdev_test` uses), stopping at the first error; `nbdev_clean`
then strips the metadata as usual. Run it after shipping a model or re-running a benchmark. Printed temporary folders
(`/tmp/tmpXXXX`) and the checkout's absolute path are replaced by `$TMP` and `.` so that no committed output holds a
path of the machine that ran it; `--scrub` does only that, on notebooks already executed."""
import json, os, re, sys
from pathlib import Path
from execnb.shell import CaptureShell

def scrub_text(s:str, root:Path) -> str:
    "Machine paths out of an output: temporary folders -> $TMP, the checkout -> '.'."
    return re.sub(r'/tmp/tmp[\w.-]+', '$TMP', s.replace(str(root) + '/', './'))

def scrub(p:Path, root:Path):
    "Rewrite the text outputs of notebook `p` without machine paths (rich outputs such as images are left alone)."
    nb = json.loads(p.read_text())
    changed = False
    for c in nb['cells']:
        for o in c.get('outputs', []):
            for holder, key in [(o, 'text')] + [(o.get('data', {}), k) for k in ('text/plain', 'text/markdown', 'text/html')]:
                if key in holder:
                    old = ''.join(holder[key]) if isinstance(holder[key], list) else holder[key]
                    new = scrub_text(old, root)
                    if new != old:
                        holder[key] = new.splitlines(True)
                        changed = True
    if changed: p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def main(paths, run=True):
    home = Path.cwd()
    for p in (home/q for q in paths):
        if run:
            print(f'executing {p.relative_to(home)}', flush=True)
            os.chdir(p.parent)
            try: CaptureShell().execute(p, p, exc_stop=True)
            finally: os.chdir(home)
        scrub(p, home)

if __name__ == '__main__':
    args = sys.argv[1:]
    main([a for a in args if a != '--scrub'], run='--scrub' not in args)
