"The README's Python snippets, run as a newcomer runs them: from the repository root, in a fresh interpreter."
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_readme_python_snippets_run_from_the_repo_root_and_print_what_the_readme_shows():
    md = (ROOT/'README.md').read_text()
    blocks = re.findall(r'```python\n(.*?)```(?:\n\n```\n(.*?)```)?', md, re.S)
    assert blocks, 'README has no python snippet'
    code = '\n'.join(b[0] for b in blocks)
    shown = ''.join(b[1] for b in blocks)
    r = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == shown.strip(), (r.stdout, shown)
