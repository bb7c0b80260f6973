"""Execute notebooks in place and keep their outputs (the docs show them; numbers in them come from `bench/` and `models/`).

    python tools/run_nbs.py nbs/index.ipynb nbs/benchmarks.ipynb ...

Each notebook runs in its own folder with execnb (what `nbdev_test` uses), stopping at the first error; `nbdev_clean`
then strips the metadata as usual. Run it after shipping a model or re-running a benchmark."""
import os, sys
from pathlib import Path
from execnb.shell import CaptureShell

def main(paths):
    home = Path.cwd()
    for p in (home/q for q in paths):
        print(f'executing {p.relative_to(home)}', flush=True)
        os.chdir(p.parent)
        try: CaptureShell().execute(p, p, exc_stop=True)
        finally: os.chdir(home)

if __name__ == '__main__': main(sys.argv[1:])
