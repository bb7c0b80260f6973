"""Every model family a practitioner brings, as the checker brings it: a random-initialised EVA-02, Swin, ConvNeXt and
distilled DeiT saved as a state dict, imported with `vit-explain import`, then every method tried from the command line:
finite maps of the image's size where the family defines the method, one line and exit code 2 naming the family where
it does not."""
import numpy as np, pytest
from conftest import run_cli, ROOT
from vit_explain.methods import METHODS, REGISTRY

ARCHS = ['eva02_tiny_patch14_224', 'swin_tiny_patch4_window7_224', 'convnext_atto', 'deit_tiny_distilled_patch16_224']
SLOW = {k for k, m in REGISTRY.items() if not m.fast}  # one forward pass per token or channel: minutes at 224 pixels

@pytest.fixture(scope='module', params=ARCHS)
def imported(request, tmp_path_factory):
    "(arch, saved model stem, an npz of two 224-pixel images)."
    import torch, timm
    from vit_explain.data import read_image
    d = tmp_path_factory.mktemp(request.param)
    torch.manual_seed(0)
    torch.save(timm.create_model(request.param, num_classes=3).state_dict(), d/'weights.pth')
    run_cli('import', d/'weights.pth', '--arch', request.param, '--classes', 'cat,dog,frog', '--out', d/'mine')
    x = np.stack([read_image(ROOT/'nbs'/'images'/f, 224) for f in ('cat_3134.png', 'dog_5048.png')])
    np.savez(d/'x.npz', x=x)
    return request.param, d/'mine', d/'x.npz'

def test_every_method_runs_or_is_refused_in_one_line(imported, tmp_path, capsys):
    from vit_explain.cli import main
    from vit_explain.families import FAMILY, family_of
    from vit_explain.model import load_model
    arch, stem, npz = imported
    fam = family_of(load_model(stem)[0])
    for k in METHODS:
        if k in SLOW and k in fam.methods(): continue
        args = ['explain', '--npz', str(npz), '--model', str(stem), '--backend', 'torch', '--method', k, '--out', str(tmp_path/f'{k}.npy')]
        if k in fam.methods():
            main(args)
            maps = np.load(tmp_path/f'{k}.npy')
            assert maps.shape == (2, 224, 224) and np.isfinite(maps).all(), (arch, k, maps.shape)
        else:
            with pytest.raises(SystemExit) as e: main(args)
            err = capsys.readouterr().err.strip().splitlines()
            assert e.value.code == 2 and len(err) == 1, (arch, k, err)
            assert err[0].startswith(f"vit-explain: error: method '{k}' is not defined for {fam.name} models: "), err
            assert not (tmp_path/f'{k}.npy').exists()

def test_a_refusal_from_the_real_command_is_one_line(imported, tmp_path):
    arch, stem, npz = imported
    if not arch.startswith('swin'): pytest.skip('Swin is the family with refused attention methods')
    r = run_cli('explain', ROOT/'nbs'/'images'/'cat_3134.png', '--model', stem, '--method', 'rollout', '--out', tmp_path,
                check=False)
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'Swin attends within local windows' in r.stderr, r.stderr
    assert not list(tmp_path.iterdir())
