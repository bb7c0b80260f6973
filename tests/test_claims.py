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
