"The shipped models: cards, ONNX files in sync with the safetensors, torch/onnxruntime parity, accuracy on real data."
import json
from pathlib import Path
import numpy as np, pytest, torch
from vit_explain.core import SHIPPED_DIR, sha256_file
from vit_explain.data import find_cifar10, load_cifar10, balanced_indices
from vit_explain.model import load_model
from vit_explain.export import onnx_matches, check_onnx_parity, check_lrp_parity, onnx_metadata_of, map_sensitivity
from vit_explain.predict import Predictor, normalize_images

CARDS = sorted(p for p in SHIPPED_DIR.glob('*.json'))
STEMS = [p.with_suffix('') for p in CARDS]

def test_there_is_a_shipped_vit():
    assert SHIPPED_DIR/'vit_cifar10' in STEMS

@pytest.mark.parametrize('stem', STEMS, ids=lambda s: s.name)
def test_card_describes_the_weights(stem):
    card = json.loads(stem.with_suffix('.json').read_text())
    assert card['weights_sha256'] == sha256_file(stem.with_suffix('.safetensors'))
    for k in ('test_acc', 'test_images', 'params', 'epochs', 'train_seconds', 'device', 'classes', 'mean', 'std'): assert k in card, k
    assert card['test_images'] == 10_000

ONNX = sorted(SHIPPED_DIR.glob('*.onnx'))

@pytest.mark.parametrize('path', ONNX, ids=lambda p: p.name)
def test_onnx_files_match_their_safetensors(path):
    assert onnx_matches(path), f'{path.name} was exported from other weights: run `vit-explain export --model {path.parent/path.name.split(".")[0]} --int8`'

@pytest.mark.parametrize('path', [p for p in ONNX if '.int8.' not in p.name], ids=lambda p: p.name)
def test_onnx_parity_with_torch(path):
    m, _ = load_model(path.parent/path.name.split('.')[0])
    if '.lrp.' in path.name:  # the explanation maps, relative to their range, at batch 1 and 5, on random images
        assert check_lrp_parity(path, m) <= 1e-4
        return
    worst = check_onnx_parity(path, m)  # raises beyond 1e-4 (logits) / 1e-5 (attention) at batch 1 and 17
    assert worst['logits'] <= 1e-4 and worst['attention'] <= 1e-5

needs_data = pytest.mark.skipif(find_cifar10() is None, reason='CIFAR-10 is not on this machine')

# the accuracy each shipped model must reach on all 10,000 test images, by the device it was trained on (issue 11: the
# 2-core CPU recipes; issue 10: the GPU run); a model shipped without a floor here fails the test below
FLOORS = {('vit_cifar10', 'cpu'): 0.82, ('cnn_cifar10', 'cpu'): 0.90, ('vit_cifar10', 'cuda'): 0.92, ('cnn_cifar10', 'cuda'): 0.93}

@needs_data
@pytest.mark.parametrize('stem', STEMS, ids=lambda s: s.name)
def test_accuracy_on_1000_test_images_matches_the_card(stem):
    te = load_cifar10(find_cifar10(), 'test', download=False)
    idx = balanced_indices(te.y, 1000)
    p = Predictor(stem, 'torch')
    x = normalize_images(te.x[idx], p.mean, p.std)
    acc = float((np.concatenate([p.logits(x[i:i + 250]) for i in range(0, 1000, 250)]).argmax(1) == te.y[idx]).mean())
    card = json.loads(stem.with_suffix('.json').read_text())
    assert acc >= card['test_acc'] - 0.02, (acc, card['test_acc'])  # 1,000 images: within two points of the full-test-set number
    kind = 'cuda' if card['device'].startswith('cuda') else 'cpu'
    assert (stem.name, kind) in FLOORS, f'no accuracy floor for {stem.name} trained on {kind}: add it to FLOORS'
    assert acc >= FLOORS[stem.name, kind] - 0.01, (acc, FLOORS[stem.name, kind])  # 1,000 images: at least the floor minus one point

@needs_data
@pytest.mark.parametrize('stem', [s for s in STEMS if (s.parent/f'{s.name}.lrp.onnx').is_file()], ids=lambda s: s.name)
def test_explanation_graph_matches_torch_on_200_test_images(stem):
    "The ONNX maps (every map of the graph) against `explain`, image by image; then `Predictor.maps` at batch 64."
    from vit_explain.explain import explain, prepare_images, DEFAULT_METHOD
    from vit_explain.export import _rel_diff
    te = load_cifar10(find_cifar10(), 'test', download=False)
    idx = balanced_indices(te.y, 200)
    m, card = load_model(stem)
    x = prepare_images(te.x[idx], card)
    # max-pool argmax flips between values a rounding error apart (see the export notebook): up to 3% of the images may
    # differ beyond 1e-4, each map only as far as torch's own moves under 1e-7 of input noise
    check_lrp_parity(stem.with_name(stem.name + '.lrp.onnx'), m, x, allow=0.03)  # raises on what is not a tie
    p = Predictor(stem, 'onnx')
    for i in range(0, 200, 64):  # what `vit-explain explain --npz` computes in either install, at batch 64
        r, e = p.maps(np.ascontiguousarray(x[i:i + 64].numpy())), explain(m, x[i:i + 64])
        assert (r['probs'].argmax(1) == e.target.numpy()).all()
        for j, (a, b) in enumerate(zip(r['maps'], e.maps.numpy())):
            d = _rel_diff(a[None], b[None])
            if d > 1e-2: assert map_sensitivity(m, x[i + j:i + j + 1])[DEFAULT_METHOD] >= d / 2, (i + j, d)
