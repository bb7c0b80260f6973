"What the docs and the app claim about the default explanation method, checked against the benchmark's own JSON (bench/explanations.json)."
import json
from pathlib import Path
import pytest
from vit_explain.explain import DEFAULT_METHOD

ROOT = Path(__file__).resolve().parent.parent
BENCH = json.loads((ROOT/'bench'/'explanations.json').read_text())
R = BENCH['methods']

def test_the_benchmark_scored_the_shipped_vit_and_the_default():
    assert Path(BENCH['model']).name == 'vit_cifar10' and BENCH['n'] >= 200
    assert DEFAULT_METHOD in R and not BENCH['errors']

@pytest.mark.parametrize('baseline', ['centre', 'random-pixel', 'random-token'])
def test_the_default_beats_each_baseline_on_all_four_scores(baseline):
    d, b = R[DEFAULT_METHOD], R[baseline]
    assert d['deletion']['auc'] < b['deletion']['auc'] and d['positive']['auc'] < b['positive']['auc']
    assert d['insertion']['auc'] > b['insertion']['auc'] and d['negative']['auc'] > b['negative']['auc']

def test_the_default_beats_scorecam_on_deletion_and_insertion_at_a_twentieth_of_its_cost():
    d, s = R[DEFAULT_METHOD], R['scorecam']
    assert d['deletion']['auc'] < s['deletion']['auc'] and d['insertion']['auc'] > s['insertion']['auc']
    assert 20 * d['ms_per_image'] <= s['ms_per_image']

def test_the_onnx_backend_serves_the_same_default():
    "One product whichever install: the torch-free backend's default is the benchmark's default, for the ViT and the CNN."
    from vit_explain.methods import default_method
    assert default_method(onnx=True) == default_method(vit=False, onnx=True) == DEFAULT_METHOD

def test_the_default_passes_the_sanity_checks_and_flags_are_the_benchmarks():
    from vit_explain.methods import method_sanity, method_help
    san = json.loads((ROOT/'bench'/'sanity.json').read_text())
    assert DEFAULT_METHOD not in san['flagged'] and Path(san['model']).name == 'vit_cifar10'
    assert method_sanity() == san['flagged']
    for k in san['flagged']: assert 'fails the sanity checks' in method_help(k)

def test_the_onnx_default_passes_the_sanity_checks():
    from vit_explain.methods import default_method
    san = json.loads((ROOT/'bench'/'sanity.json').read_text())
    assert default_method(onnx=True) in san['cascading']['rank_correlation'] and default_method(onnx=True) not in san['flagged']

def test_the_training_efficiency_claims():
    "The Benchmarks page: the ViT's step at about three fifths of the GEMM rate, the CNN's at about four fifths, batch 256 the best."
    e = json.loads((ROOT/'bench'/'train_efficiency.json').read_text())['rows']
    assert 0.55 <= e['cpu-vit']['gemm_fraction'] <= 0.7 and 0.75 <= e['cpu-cnn']['gemm_fraction'] <= 0.95
    assert all(e['cpu-vit']['gemm_fraction'] >= e[k]['gemm_fraction'] for k in ('cpu-vit, batch 512', 'cpu-vit, batch 128'))
