"""Build the docs site without Quarto: nbdev's own notebook processing into _proc/, then smalldocs renders _proc/_docs/.

Where Quarto exists, `nbdev_docs` builds the same site from the same files. Exits non-zero on a build error or,
with --check, on any broken internal link (reported by smalldocs render or check)."""
import subprocess, sys
from pathlib import Path
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar, proc_nbs
import nbdev.doclinks

def main():
    cfg = get_config()
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    cache = proc_nbs(cfg.nbs_path, n_workers=2)
    r = subprocess.run(['smalldocs', 'render', str(cache)], capture_output=True, text=True)
    print(r.stdout + r.stderr)
    if r.returncode: sys.exit(f'smalldocs render failed ({r.returncode})')
    site = Path(cache)/'_docs'
    print(f'site: {site} ({len(list(site.rglob("*.html")))} pages)')
    if '--check' in sys.argv:
        # `smalldocs check` also lists Quarto-only settings it ignores (commonmark, keep-md, output-file): only broken links fail
        c = subprocess.run(['smalldocs', 'check', str(cache)], capture_output=True, text=True)
        broken = [l for l in (r.stdout + r.stderr + c.stdout + c.stderr).splitlines() if 'broken link' in l]
        if broken: sys.exit('broken links:\n' + '\n'.join(broken))
        print('no broken links')

if __name__ == '__main__': main()
