"Every public function, class and method of the package has a docstring, and every argument is documented (docments)."
import importlib, inspect, pkgutil
import pytest
from fastcore.docments import docments
import vit_explain

MODULES = [m.name for m in pkgutil.iter_modules(vit_explain.__path__) if not m.name.startswith('_')]  # every exported module

def test_the_module_list_is_the_package():
    assert {'core', 'lrp', 'methods', 'export', 'serve'} <= set(MODULES) and '_modidx' not in MODULES

def public_objects():
    for name in MODULES:
        mod = importlib.import_module(f'vit_explain.{name}')
        for k in getattr(mod, '__all__', []):
            o = getattr(mod, k)
            if inspect.isfunction(o) or inspect.isclass(o): yield f'{name}.{k}', o
            if inspect.isclass(o) and o.__module__ == mod.__name__:
                for mk, mv in vars(o).items():
                    if inspect.isfunction(mv) and not mk.startswith('_'): yield f'{name}.{k}.{mk}', mv

def gaps(qual, o):
    out = []
    if not (o.__doc__ or '').strip(): out.append(f'{qual}: no docstring')
    if inspect.isfunction(o) or (inspect.isclass(o) and '__init__' in vars(o) and not hasattr(o, '__dataclass_fields__')):
        f = o if inspect.isfunction(o) else o.__init__
        try: docs = docments(f)
        except Exception: return out
        for p, v in inspect.signature(f).parameters.items():
            if p in ('self', 'cls') or v.kind in (v.VAR_POSITIONAL, v.VAR_KEYWORD): continue
            if not docs.get(p): out.append(f'{qual}: argument {p!r} undocumented')
    return out

def test_public_api_is_documented():
    missing = [g for q, o in public_objects() for g in gaps(q, o)]
    assert not missing, '\n'.join(missing)
