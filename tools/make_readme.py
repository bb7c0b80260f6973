"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which this machine lacks).

Markdown cells are copied; code cells are shown unless they carry `#| hide` or `#| echo: false`; text outputs follow
their cell. `--check` exits 1 when README.md is out of date (CI runs it)."""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def render(nb):
    out = []
    for c in nb['cells']:
        src = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
        if c['cell_type'] == 'markdown': out.append(src.strip()); continue
        lines = src.splitlines()
        dirs = [l.replace(' ', '') for l in lines if l.startswith('#|')]
        if '#|hide' in dirs or '#|default_exp' in ''.join(dirs): continue
        code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if code and '#|echo:false' not in dirs: out.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            text = o.get('text') or o.get('data', {}).get('text/plain')
            if text and 'image/png' not in o.get('data', {}):
                out.append('```\n' + (text if isinstance(text, str) else ''.join(text)).rstrip() + '\n```')
    return '\n\n'.join(s for s in out if s).replace('](images/', '](nbs/images/') + '\n'

if __name__ == '__main__':
    md = render(json.loads((ROOT/'nbs'/'index.ipynb').read_text()))
    readme = ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != md: sys.exit('README.md is out of date: run python tools/make_readme.py')
    else: readme.write_text(md)
