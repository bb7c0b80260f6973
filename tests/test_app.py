"The Streamlit demo through Streamlit's AppTest (no browser): it runs, predicts, explains and reacts to the widgets."
from pathlib import Path
import pytest
from streamlit.testing.v1 import AppTest
from vit_explain.methods import REGISTRY

APP = str(Path(__file__).resolve().parent.parent/'vit_app.py')

@pytest.fixture(scope='module')
def at():
    a = AppTest.from_file(APP, default_timeout=120).run()
    assert not a.exception, a.exception
    return a

def test_first_page_predicts_and_explains(at):
    heads = [h.value for h in at.subheader]
    assert any(h.startswith('Prediction: ') for h in heads), heads
    assert not at.error
    assert any('latency' in c.value for c in at.caption)
    assert any(i.value.startswith('**attnlrp-token**: AttnLRP relevance') and 'deletion AUC' in i.value for i in at.info), [i.value for i in at.info]

def box(at, label):
    "The widget with this label (sidebar or page)."
    return next(w for w in list(at.sidebar.selectbox) + list(at.selectbox) if w.label == label)

def test_every_method_and_the_onnx_backend(at):
    for method in box(at, 'Method').options:
        box(at, 'Method').select(method).run(timeout=120)
        assert not at.exception and not at.error, (method, at.exception, at.error)
        k = method.replace(' (default)', '')
        layered = k in ('attention', 'gradcam') or REGISTRY[k].family == 'pgc'
        assert (len(at.sidebar.slider) == 2) == layered, (method, [s.label for s in at.sidebar.slider])  # Layer only where it acts
        assert any(w.label == 'Head' for w in at.sidebar.selectbox) == (method == 'attention'), method
        legend = [c.value for c in at.caption if 'against the class' in c.value or 'low →' in c.value]
        assert len(legend) == 1 and ('against the class' in legend[0]) == REGISTRY[k].signed, (method, legend)  # signed: ±, 0
    at.sidebar.radio[0].set_value('onnx').run(timeout=120)
    assert not at.exception
    opts = box(at, 'Method').options
    assert [o.replace(' (default)', '') for o in opts] == ['attnlrp-token', 'attnlrp', 'attnlrp-embed', 'rollout', 'attention'], opts
    assert opts[0] == 'attnlrp-token (default)', opts  # the same default as the torch backend

def test_gallery_pick_changes_the_prediction_input(at):
    sb = [s for s in at.selectbox if s.label.startswith('...or pick')][0]
    before = at.subheader[0].value
    for opt in sb.options[:6]:
        sb.select(opt).run(timeout=120)
        assert not at.exception
    assert at.subheader[0].value.startswith('Prediction: ')

def test_cnn_vs_vit_on_the_onnx_backend(at):
    "The torch-free install's CNN-vs-ViT view: the CNN's ONNX graph gives its Grad-CAM, the ViT's the default method."
    at.sidebar.radio[0].set_value('onnx').run(timeout=120)
    at.radio[0].set_value('CNN vs ViT').run(timeout=120)
    assert not at.exception and not at.error, (at.exception, at.error)
    assert any('both explained with attnlrp-token' in c.value for c in at.caption), [c.value for c in at.caption]

def test_the_chosen_image_and_method_survive_a_view_switch(at):
    "Pick a gallery image and a method, look at another view, come back: both are still chosen."
    at.radio[0].set_value('Explain').run(timeout=120)
    pick = box(at, '...or pick from the gallery')
    name = pick.options[7]
    pick.select(name).run(timeout=120)
    box(at, 'Method').select('rollout').run(timeout=120)
    at.radio[0].set_value('Compare methods').run(timeout=120)
    assert not at.exception and not any(w.label == 'Method' for w in at.sidebar.selectbox)  # the Explain view's controls hide
    at.radio[0].set_value('Explain').run(timeout=120)
    assert not at.exception
    assert box(at, '...or pick from the gallery').value == name and box(at, 'Method').value == 'rollout'

def test_a_users_model_from_the_environment(tmp_path, monkeypatch):
    "`VIT_EXPLAIN_MODEL` with two models: a picker, the user model's classes, input size and a heatmap at its resolution."
    import base64, io
    from PIL import Image
    from vit_explain.model import create_model, save_model
    save_model(create_model('deit_tiny_patch16_224', num_classes=3, depth=2), tmp_path/'my_deit',
               dict(classes=['cat', 'dog', 'frog']))
    monkeypatch.setenv('VIT_EXPLAIN_MODEL', f"{tmp_path/'my_deit'}:vit_cifar10")
    a = AppTest.from_file(APP, default_timeout=120).run()
    assert not a.exception and not a.error, (a.exception, a.error)
    assert box(a, 'Model').options == ['my_deit', 'vit_cifar10']
    caps = [c.value for c in list(a.caption) + list(a.sidebar.caption)]
    assert any('my_deit knows only its 3 classes (cat, dog, frog)' in c for c in caps), caps
    assert any('3 classes, 224x224 input' in c for c in caps), caps
    caps = [i.caption for img in a.get('image') for i in img.proto.imgs]
    assert 'input, 224x224 as the model sees it' in caps and 'attnlrp-token' in caps, caps
    box(a, 'Model').select('vit_cifar10').run(timeout=120)
    assert not a.exception and not a.error
    assert any('10 classes, 32x32 input' in c.value for c in a.sidebar.caption)

def test_a_bad_model_is_one_error(monkeypatch):
    monkeypatch.setenv('VIT_EXPLAIN_MODEL', 'no_such_model')
    a = AppTest.from_file(APP, default_timeout=60).run()
    assert not a.exception
    assert [e.value for e in a.error] == ["model 'no_such_model' not found: no 'no_such_model.json' or "
                                          f"'no_such_model.onnx', and no shipped model of that name in "
                                          f"'{Path(APP).parent/'models'}'"]
