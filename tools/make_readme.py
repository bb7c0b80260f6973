"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which this machine lacks).

Markdown cells are copied; code cells are shown unless they carry `#| hide` or `#| echo: false`; text outputs follow
their cell; figures (PNG outputs) are written to nbs/figures/index_N.png and shown from there, so that they render on
GitHub too. Links to notebooks point into nbs/. `--check` exits 1 when README.md or a figure is out of date (CI runs it)."""
import base64, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIGS = ROOT/'nbs'/'figures'
# the reprs a notebook prints after a plotting call (a Figure, a Text, a list of Lines): not output for a reader
MPL_REPR = re.compile(r'^\[?<?(Figure size|matplotlib\.|Text\()')

def render(nb, figs:dict):
    "README markdown of `nb`; fills `figs` with {path: PNG bytes} of the figures it links."
    out = []
    for c in nb['cells']:
        src = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            out.append(src.strip())
            continue
        lines = src.splitlines()
        dirs = [l.replace(' ', '') for l in lines if l.startswith('#|')]
        if '#|hide' in dirs or '#|default_exp' in ''.join(dirs): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if code and '#|echo:false' not in dirs: out.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            text = o.get('text') or o.get('data', {}).get('text/plain')
            png = o.get('data', {}).get('image/png')
            if png:
                f = FIGS/f'index_{len(figs)}.png'
                figs[f] = base64.b64decode(png if isinstance(png, str) else ''.join(png))
                out.append(f'![figure {len(figs)}]({f.relative_to(ROOT).as_posix()})')
            elif text and not MPL_REPR.match(text if isinstance(text, str) else ''.join(text)):
                out.append('```\n' + (text if isinstance(text, str) else ''.join(text)).rstrip() + '\n```')
    md = '\n\n'.join(s for s in out if s).replace('](images/', '](nbs/images/')
    return re.sub(r'\]\((?!https?:|nbs/)([\w/.-]+\.ipynb)\)', r'](nbs/\1)', md) + '\n'

if __name__ == '__main__':
    figs = {}
    md = render(json.loads((ROOT/'nbs'/'index.ipynb').read_text()), figs)
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != md or any(not f.is_file() or f.read_bytes() != b for f, b in figs.items()):
            sys.exit('README.md or nbs/figures is out of date: run python tools/make_readme.py')
    else:
        FIGS.mkdir(exist_ok=True)
        for f in FIGS.glob('index_*.png'):
            if f not in figs: f.unlink()
        for f, b in figs.items(): f.write_bytes(b)
        readme.write_text(md)
