"""A user's own 224-pixel timm ViT on the command line: timm checkpoint -> `vit-explain import` -> explain (torch and
onnxruntime, the same maps) -> export; and every bad input of the import one line, exit code 2, nothing written."""
import os, pickle
from pathlib import Path
import numpy as np, pytest
from conftest import run_cli, ROOT

IMG = ROOT/'nbs'/'images'/'dog_5048.png'

def test_the_import_card_holds_timms_preprocessing(user_model):
    import json
    card = json.loads(user_model[1].with_suffix('.json').read_text())
    assert (card['arch']['name'], card['img_size'], card['crop_pct'], card['interpolation'], card['mean']) == \
        ('vit_tiny_patch16_224', 224, 0.9, 'bicubic', [0.5, 0.5, 0.5])
    assert card['classes'] == ['cat', 'dog', 'frog'] and card['source']['file'] == 'model_best.pth.tar'

@pytest.mark.parametrize('method', ['attnlrp-token', 'attnlrp', 'rollout'])
def test_torch_and_onnx_give_the_same_maps_at_224(user_model, method, tmp_path):
    "`explain --npz` on both backends: the same predictions and maps, on the 14x14 grid and at 224 pixels."
    from vit_explain.data import read_image
    x = np.stack([read_image(f, 224) for f in sorted((ROOT/'nbs'/'images').glob('*.png'))[:4]])
    np.savez(tmp_path/'x.npz', x=x)
    maps = {}
    for b in ('torch', 'onnx'):
        run_cli('explain', '--npz', tmp_path/'x.npz', '--model', user_model[1], '--backend', b, '--method', method,
                '--out', tmp_path/f'{b}.npy')
        maps[b] = np.load(tmp_path/f'{b}.npy')
        assert maps[b].shape == (4, 224, 224)
    assert (np.load(tmp_path/'torch.pred.npy') == np.load(tmp_path/'onnx.pred.npy')).all()
    scale = np.abs(maps['torch']).max()
    assert np.abs(maps['torch'] - maps['onnx']).max() <= 1e-4 * scale

def test_overlays_of_a_224_model_stay_under_512_pixels(user_model, tmp_path):
    from PIL import Image
    r = run_cli('explain', IMG, '--model', user_model[1], '--out', tmp_path)
    assert r.stdout.startswith(f'{IMG}: ') and Image.open(tmp_path/'dog_5048_my_vit_attnlrp-token.png').size == (448, 448 + 6 + 18)

def test_the_model_resolves_by_folder_card_and_onnx_path(user_model, tmp_path):
    d, stem, _ = user_model
    for spec in (stem, stem.with_suffix('.json'), d/'my_vit.lrp.onnx'):
        r = run_cli('explain', IMG, '--model', spec, '--backend', 'onnx', '--out', tmp_path)
        assert 'dog_5048.png: ' in r.stdout

def one_line_error(*args):
    r = run_cli(*args, check=False)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith('vit-explain: error: '), (args, r.stderr)
    return lines[0]

class Evil:
    def __init__(self, marker): self.marker = marker
    def __reduce__(self): return (os.system, (f'touch {self.marker}',))

def test_bad_imports_are_one_line_and_write_nothing(user_model, tmp_path):
    import torch, timm
    _, _, ckpt = user_model
    out = tmp_path/'out'
    torch.save(timm.create_model('deit_small_patch16_224', num_classes=3).state_dict(), tmp_path/'small.pth')
    torch.save({'state_dict': {}, 'x': Evil(tmp_path/'pwned')}, tmp_path/'evil.pth')
    (tmp_path/'legacy.pt').write_bytes(pickle.dumps(Evil(tmp_path/'pwned'), protocol=2))
    (tmp_path/'notes.bin').write_text('these are not weights')
    cases = [((tmp_path/'small.pth', '--arch', 'vit_tiny_patch16_224'), 'does not fit vit_tiny_patch16_224'),
             ((ckpt, '--classes', 'cat,dog'), 'the head has 3 classes, but the names given are 2'),
             ((ckpt, '--arch', 'deit_tiny_patch16_224'), 'was saved from vit_tiny_patch16_224, not deit_tiny'),
             ((tmp_path/'evil.pth', '--arch', 'vit_tiny_patch16_224'), 'needs full unpickling, which can run code'),
             ((tmp_path/'legacy.pt', '--arch', 'vit_tiny_patch16_224'), 'needs full unpickling, which can run code'),
             ((tmp_path/'notes.bin', '--arch', 'vit_tiny_patch16_224'), 'is not a weights file'),
             ((tmp_path/'missing.pth', '--arch', 'vit_tiny_patch16_224'), 'weights file not found'),
             ((ckpt, '--ema'), 'holds no EMA state dict')]
    for args, msg in cases:
        assert msg in one_line_error('import', *args, '--out', out), (args, msg)
    assert not (tmp_path/'pwned').exists()
    assert not list(tmp_path.glob('out*'))

def test_npz_images_of_the_wrong_size(user_model, tmp_path):
    np.savez(tmp_path/'small.npz', x=np.zeros((2, 32, 32, 3), np.uint8))
    msg = one_line_error('explain', '--npz', tmp_path/'small.npz', '--model', user_model[1], '--out', tmp_path/'m.npy')
    assert 'are 32x32, the model takes 224' in msg and not (tmp_path/'m.npy').exists()

def test_an_unknown_model_names_what_was_tried(tmp_path):
    msg = one_line_error('explain', IMG, '--model', 'my_vit', '--out', tmp_path)
    assert "model 'my_vit' not found: no 'my_vit.json' or 'my_vit.onnx'" in msg

def test_the_cnn_resolves_by_its_shipped_name_from_any_folder(tmp_path):
    r = run_cli('explain', IMG, '--model', 'cnn_cifar10', '--backend', 'onnx', '--out', tmp_path, cwd=tmp_path)
    assert 'dog_5048.png: ' in r.stdout
