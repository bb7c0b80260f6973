"What the docs and the app claim about the default explanation method, checked against the benchmark's own JSON (bench/explanations.json)."
import json
from pathlib import Path
import pytest
from vit_explain.explain import DEFAULT_METHOD

ROOT = Path(__file__).resolve().parent.parent
BENCH = json.loads((ROOT/'bench'/'explanations.json').read_text())
R = BENCH['methods']
SAN = json.loads((ROOT/'bench'/'sanity.json').read_text())

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
    assert DEFAULT_METHOD not in SAN['flagged'] and Path(SAN['model']).name == 'vit_cifar10'
    assert method_sanity() == SAN['flagged']
    for k in SAN['flagged']: assert 'fails the sanity checks' in method_help(k)

def test_the_onnx_default_passes_the_sanity_checks():
    from vit_explain.methods import default_method
    assert default_method(onnx=True) in SAN['cascading']['rank_correlation'] and default_method(onnx=True) not in SAN['flagged']

def test_the_training_efficiency_claims():
    "The Benchmarks page: the ViT's step at about three fifths of the GEMM rate, the CNN's at about four fifths, batch 256 the best."
    e = json.loads((ROOT/'bench'/'train_efficiency.json').read_text())['rows']
    assert 0.55 <= e['cpu-vit']['gemm_fraction'] <= 0.7 and 0.75 <= e['cpu-cnn']['gemm_fraction'] <= 0.95
    assert all(e['cpu-vit']['gemm_fraction'] >= e[k]['gemm_fraction'] for k in ('cpu-vit, batch 512', 'cpu-vit, batch 128'))

ROAD = json.loads((ROOT/'bench'/'road.json').read_text())
RM = ROAD['methods']
LIBS = ROAD['crosscheck']['methods']

def test_road_scored_the_shipped_vit_and_every_method_of_the_deletion_benchmark():
    assert Path(ROAD['model']).name == 'vit_cifar10' and ROAD['n'] >= 200 and not ROAD['errors']
    assert set(RM) == set(R)

@pytest.mark.parametrize('protocol', ['road-pixel', 'road-token'])
def test_random_maps_score_about_zero_srg_under_road(protocol):
    "The Benchmarks page: under ROAD, a map that knows nothing gains nothing, whichever removal pattern it makes."
    for b in ('random-pixel', 'random-token'):
        s = RM[b][protocol]['srg']
        assert abs(s['auc']) < 2.5 * s['se'] + 0.01

@pytest.mark.parametrize('protocol', ['road-pixel', 'road-token'])
def test_the_default_beats_scorecam_and_the_baselines_on_road_srg(protocol):
    d = RM[DEFAULT_METHOD][protocol]['srg']['auc']
    assert all(d > RM[k][protocol]['srg']['auc'] for k in ('scorecam', 'centre', 'random-pixel', 'random-token'))

def test_the_default_has_the_best_srg_at_both_granularities_and_attnlrp_is_within_one_standard_error_per_pixel():
    "The Benchmarks page: the token read-out of LRP leads ROAD's SRG per token and per pixel."
    for p in ('road-pixel', 'road-token'):
        srg = {k: r[p]['srg']['auc'] for k, r in RM.items()}
        assert max(srg, key=srg.get) == DEFAULT_METHOD
    pix = {k: r['road-pixel']['srg'] for k, r in RM.items()}
    assert pix[DEFAULT_METHOD]['auc'] - pix['attnlrp']['auc'] < pix[DEFAULT_METHOD]['se']
    tok = {k: r['road-token']['srg'] for k, r in RM.items()}
    assert 1.5 < (tok[DEFAULT_METHOD]['auc'] - tok['attnlrp']['auc']) / tok[DEFAULT_METHOD]['se'] < 2.5

@pytest.mark.parametrize('fill', ['pixel', 'token'])
def test_with_the_zero_fill_scorecam_leads_lerf_but_not_srg(fill):
    z = {k: RM[k][f'zero-{fill}'] for k in ('scorecam', DEFAULT_METHOD)}
    assert z['scorecam']['lerf']['auc'] > z[DEFAULT_METHOD]['lerf']['auc']
    assert z[DEFAULT_METHOD]['srg']['auc'] > z['scorecam']['srg']['auc']

def test_gradcam_on_vit_tokens_is_barely_above_random_under_road():
    for p in ('road-pixel', 'road-token'): assert RM['gradcam'][p]['srg']['auc'] < 0.1

def test_the_road_orders_agree_with_deletion():
    tau = ROAD['agreement']['tau']
    assert tau['road-pixel srg']['deletion'] > 0.8 and tau['road-token srg']['deletion'] > 0.7

def test_our_metric_code_matches_pytorch_grad_cam_and_quantus_on_maps_without_ties():
    assert LIBS['attnlrp']['deletion_vs_quantus']['max'] < 1e-5
    for k in (DEFAULT_METHOD, 'attnlrp'):
        assert LIBS[k]['road_morf_vs_pgc']['mean'] < 0.005 and LIBS[k]['road_lerf_vs_pgc']['mean'] < 0.005

def test_the_position_embedding_share_is_small_and_adding_it_does_not_help():
    "06b_road: position-aware LRP measured on the shipped ViT, not added as a method."
    pos = ROAD['position']
    assert pos['share']['positions'] < 0.1 and pos['share']['both'] < 1
    with_pos, tokens = pos['road_token_srg']['tokens + positions'], pos['road_token_srg']['tokens']
    assert with_pos['auc'] <= tokens['auc'] + tokens['se']

def test_scorecam_leads_negative_perturbation_with_the_fill_but_not_road_lerf():
    "The Benchmarks page: the fill value decides the least-relevant-first comparison with ScoreCAM."
    assert R['scorecam']['negative']['auc'] > R[DEFAULT_METHOD]['negative']['auc']
    assert RM[DEFAULT_METHOD]['road-pixel']['lerf']['auc'] > RM['scorecam']['road-pixel']['lerf']['auc']

QM = SAN['quantus']['methods']

def test_the_sanity_checks_average_several_draws_and_the_signed_maps_need_them():
    "The Benchmarks page: per-draw spread of attnlrp-token after randomising the head about 0.18, rollout's 0."
    c = SAN['cascading']
    assert c['draws'] >= 5 and c['stages'][0] == 'head'
    sd = {k: v[0] * c['draws'] ** 0.5 for k, v in c['se'].items()}
    assert 0.1 < sd[DEFAULT_METHOD] < 0.3 and sd['rollout'] < 0.01

def test_quantus_mprt_matches_our_cascading_randomization_exactly_on_its_weights():
    assert SAN['quantus']['n'] >= 32 and set(QM) == set(SAN['cascading']['rank_correlation'])
    assert all(r['replay_max_diff'] < 1e-5 for r in QM.values())

def test_quantus_mprt_flags_the_same_methods():
    q, thr = SAN['quantus'], SAN['threshold']
    j = q['stages'].index(SAN['flag_stage'])
    flagged_by_quantus = {k for k, r in QM.items() if r['quantus'][j] > thr}
    assert flagged_by_quantus == set(SAN['flagged']) == {'gradattn', 'rollout', 'eigencam'}
    assert abs(QM[DEFAULT_METHOD]['quantus'][j]) < 0.2 and abs(QM[DEFAULT_METHOD]['ours'][j]) < 0.2

def test_the_means_agree_within_two_standard_errors_at_most_stages():
    "The Benchmarks page: 6 of the 96 comparable method-stage pairs differ by more than two SE, 2 of them attention's."
    pairs = sum(SAN['quantus']['exact']) * len(QM)
    off = {k: sum(SAN['quantus']['exact']) - r['within_2se'] for k, r in QM.items()}
    assert pairs == 96 and sum(off.values()) == 6 and off['attention'] == 2

def test_emprt_does_not_separate_the_flagged_methods():
    e = {k: r['emprt']['mean'] for k, r in QM.items()}
    assert e['gradattn'] > e[DEFAULT_METHOD] + 0.1 and abs(e['eigencam']) < 0.05
    assert 0.03 < e[DEFAULT_METHOD] < 0.12
    assert all(abs(QM[DEFAULT_METHOD]['ours'][j]) < 0.15 for j in range(len(SAN['quantus']['stages'])))
