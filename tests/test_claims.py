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

def beats_on_all_four(a, b):
    "Method `a` beats `b` on all four scores of the deletion benchmark."
    a, b = R[a], R[b]
    return (a['deletion']['auc'] < b['deletion']['auc'] and a['positive']['auc'] < b['positive']['auc'] and
            a['insertion']['auc'] > b['insertion']['auc'] and a['negative']['auc'] > b['negative']['auc'])

@pytest.mark.parametrize('baseline', ['centre', 'random-token'])
def test_the_default_beats_each_token_shaped_baseline_on_all_four_scores(baseline):
    assert beats_on_all_four(DEFAULT_METHOD, baseline)

def test_scattered_random_pixels_delete_faster_than_token_maps_but_not_under_road():
    "The Benchmarks page: the deletion benchmark's one loss of the default, to the removal pattern that ROAD nets out."
    d, rp = R[DEFAULT_METHOD], R['random-pixel']
    assert rp['deletion']['auc'] < d['deletion']['auc'] and R['attnlrp']['deletion']['auc'] < rp['deletion']['auc']
    assert d['positive']['auc'] < rp['positive']['auc'] and d['insertion']['auc'] > rp['insertion']['auc']
    assert d['negative']['auc'] > rp['negative']['auc']
    for p in ('road-pixel', 'road-token'): assert RM[DEFAULT_METHOD][p]['srg']['auc'] > RM['random-pixel'][p]['srg']['auc'] + 0.4

def test_the_default_beats_scorecam_on_all_four_scores_at_a_fiftieth_of_its_cost():
    assert beats_on_all_four(DEFAULT_METHOD, 'scorecam')
    assert 50 * R[DEFAULT_METHOD]['ms_per_image'] <= R['scorecam']['ms_per_image']

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
    """The Benchmarks page: the bf16 ViT step at two thirds of the bf16 GEMM rate, the CNN's above fp32's, the explicit
    attention 1.39x the fused kernel, batch 256 the most images per second."""
    eff = json.loads((ROOT/'bench'/'train_efficiency.json').read_text())
    e = eff['rows']
    vit = e['cpu-vit']
    assert vit['precision'] == 'bf16' and 0.6 <= vit['gemm_fraction'] <= 0.7
    assert e['cpu-cnn']['precision'] == 'fp32' and e['cpu-cnn']['gemm_fraction'] > 1
    assert eff['gemm_gflops']['bf16'] > 2.5 * eff['gemm_gflops']['fp32']
    assert round(vit['images_per_s'] / e['cpu-vit, fused attention']['images_per_s'], 2) == 1.39
    assert all(vit['images_per_s'] > e[k]['images_per_s'] for k in ('cpu-vit, batch 512', 'cpu-vit, batch 128'))
    assert abs(e['cpu-vit, batch 512']['gemm_fraction'] - vit['gemm_fraction']) < 0.015
    assert e['cpu-vit, batch 128']['gemm_fraction'] < vit['gemm_fraction']

def test_the_shipped_vit_card_counts_the_online_teacher():
    "The Benchmarks page: the run's student step at 0.55 of the bf16 GEMM rate, 0.69 with the teacher's forward pass."
    card = json.loads((ROOT/'models'/'vit_cifar10.json').read_text())
    assert card['config']['distill_online'] and card['amp'] == 'bf16'
    assert (round(card['student_gemm_fraction'], 2), round(card['gemm_fraction'], 2)) == (0.55, 0.69)
    assert round(card['images_per_s']) == 238 and round(card['teacher_forward_gflops_per_image'], 2) == 0.24

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

def test_the_default_has_the_best_srg_at_both_granularities_and_attnlrp_is_behind_per_token():
    "The Benchmarks page: the token read-out of LRP leads ROAD's SRG, 2.3 (token) and 3.6 (pixel) SE ahead of attnlrp."
    gap = {}
    for p in ('road-pixel', 'road-token'):
        srg = {k: r[p]['srg'] for k, r in RM.items()}
        assert max(srg, key=lambda k: srg[k]['auc']) == DEFAULT_METHOD
        gap[p] = (srg[DEFAULT_METHOD]['auc'] - srg['attnlrp']['auc']) / srg[DEFAULT_METHOD]['se']
    assert 2 < gap['road-token'] < 2.5 and 3.3 < gap['road-pixel'] < 3.9

@pytest.mark.parametrize('protocol', ['road-pixel', 'road-token', 'zero-pixel', 'zero-token'])
def test_the_default_beats_scorecam_on_morf_lerf_and_srg_with_either_fill(protocol):
    "The Benchmarks page: every ROAD score with the imputation; with the plain fill all but a pixel LeRF tie."
    d, s = RM[DEFAULT_METHOD][protocol], RM['scorecam'][protocol]
    assert d['morf']['auc'] < s['morf']['auc'] and d['srg']['auc'] > s['srg']['auc']
    if protocol == 'zero-pixel': assert abs(d['lerf']['auc'] - s['lerf']['auc']) < min(d['lerf']['se'], s['lerf']['se'])
    else: assert d['lerf']['auc'] > s['lerf']['auc']

def test_gradcam_on_vit_tokens_gets_about_a_fifth_of_the_defaults_srg_under_road():
    for p in ('road-pixel', 'road-token'):
        assert 4.5 < RM[DEFAULT_METHOD][p]['srg']['auc'] / RM['gradcam'][p]['srg']['auc'] < 5.7

def test_the_road_orders_agree_most_with_positive_perturbation():
    "The Benchmarks page: tau 0.88-0.91 with positive perturbation, 0.87 insertion, 0.68-0.72 negative, 0.63 deletion."
    tau = ROAD['agreement']['tau']
    for p in ('road-pixel srg', 'road-token srg'):
        assert max(('deletion', 'insertion', 'positive', 'negative'), key=tau[p].get) == 'positive'
        assert 0.875 <= tau[p]['positive'] < 0.915 and 0.865 <= tau[p]['insertion'] < 0.875
        assert 0.675 <= tau[p]['negative'] < 0.725 and 0.625 <= tau[p]['deletion'] < 0.645

def test_our_metric_code_matches_pytorch_grad_cam_and_quantus_on_maps_without_ties():
    assert LIBS['attnlrp']['deletion_vs_quantus']['max'] < 1e-5
    for k in (DEFAULT_METHOD, 'attnlrp'):
        assert LIBS[k]['road_morf_vs_pgc']['mean'] < 0.01 and LIBS[k]['road_lerf_vs_pgc']['mean'] < 0.01

def test_the_position_embedding_share_is_small_and_adding_it_does_not_help():
    "06b_road: position-aware LRP measured on the shipped ViT, not added as a method."
    pos = ROAD['position']
    assert pos['share']['positions'] < 0.1 and pos['share']['both'] < 1
    with_pos, tokens = pos['road_token_srg']['tokens + positions'], pos['road_token_srg']['tokens']
    assert with_pos['auc'] <= tokens['auc'] + tokens['se']

QM = SAN['quantus']['methods']

def test_the_sanity_checks_average_several_draws_and_the_signed_maps_need_them():
    "The Benchmarks page: per-draw spread of attnlrp-token after randomising the head about 0.16, rollout's 0."
    c = SAN['cascading']
    assert c['draws'] >= 5 and c['stages'][0] == 'head'
    sd = {k: v[0] * c['draws'] ** 0.5 for k, v in c['se'].items()}
    assert 0.15 < sd[DEFAULT_METHOD] < 0.2 and sd['rollout'] < 0.01

def test_quantus_mprt_matches_our_cascading_randomization_exactly_on_its_weights():
    assert SAN['quantus']['n'] >= 32 and set(QM) == set(SAN['cascading']['rank_correlation'])
    assert all(r['replay_max_diff'] < 1e-5 for r in QM.values())

def test_quantus_mprt_flags_the_same_methods_gradattn_just_above_the_threshold():
    "The Benchmarks page: rollout, eigencam and gradattn flagged by both; gradattn 0.03 (Quantus) and 0.07 above it."
    q, thr = SAN['quantus'], SAN['threshold']
    j = q['stages'].index(SAN['flag_stage'])
    flagged_by_quantus = {k for k, r in QM.items() if r['quantus'][j] > thr}
    assert set(SAN['flagged']) == flagged_by_quantus == {'gradattn', 'rollout', 'eigencam'}
    assert 0 < QM['gradattn']['quantus'][j] - thr < 0.05
    assert 0 < SAN['flagged']['gradattn']['top_half_random'] - thr < 0.08
    assert abs(QM[DEFAULT_METHOD]['quantus'][j]) < 0.2 and abs(QM[DEFAULT_METHOD]['ours'][j]) < 0.2

def test_the_means_agree_within_two_standard_errors_at_most_stages():
    "The Benchmarks page: 13 of the 72 comparable method-stage pairs differ by more than two SE, 8 of them LRP maps'."
    pairs = sum(SAN['quantus']['exact']) * len(QM)
    off = {k: sum(SAN['quantus']['exact']) - r['within_2se'] for k, r in QM.items()}
    assert pairs == 72 and sum(off.values()) == 13
    assert sum(off[k] for k in ('attnlrp-token', 'attnlrp', 'cplrp', 'attnlrp-embed')) == 8

def test_emprt_does_not_separate_the_flagged_methods():
    e = {k: r['emprt']['mean'] for k, r in QM.items()}
    assert e['gradattn'] > e[DEFAULT_METHOD] + 0.1 and e['eigencam'] < min(e[k] for k in ('gradcam', 'layercam', 'attention'))
    assert 0.03 < e[DEFAULT_METHOD] < 0.12 and e['gradcam'] == max(e.values())
    ours = QM[DEFAULT_METHOD]['ours']
    assert ours[0] < 0.25 and all(abs(v) < 0.17 for v in ours[2:])

def test_a_users_vit_b_exports_within_24_gb_and_onnxruntime_explains_faster():
    "The Benchmarks page on bench/export_cost.json: ViT-Ti/S/B at 224 pixels, ViT-B's export well inside 24 GB."
    rows = {r['arch']: r for r in json.loads((ROOT/'bench'/'export_cost.json').read_text())['rows']}
    assert set(rows) == {'vit_tiny_patch16_224', 'vit_small_patch16_224', 'vit_base_patch16_224'}
    assert rows['vit_base_patch16_224']['peak_rss_gib'] < 8 < 24
    for r in rows.values():
        assert r['method'] == DEFAULT_METHOD and r['ort_speedup_batch1'] > 1 and r['ort_speedup_batch16'] > 1

def test_every_family_explains_at_most_1_3_times_gradient_x_input():
    "The Benchmarks page on bench/family_speed.json: the rules cost little over the plain backward pass, and no more than lxt's."
    fs = json.loads((ROOT/'bench'/'family_speed.json').read_text())
    assert fs['method'] == DEFAULT_METHOD and {r['family'] for r in fs['rows']} == {'vit', 'deit-distilled', 'eva', 'swin', 'convnext'}
    for r in fs['rows']:
        for b in (1, 16):
            assert r[f'batch{b}_vs_gradxinput'] <= 1.3 and r[f'batch{b}_vs_lxt'] <= 1.15, (r['model'], b)
