"""Streamlit demo of vit_explain: `streamlit run vit_app.py`.

Upload an image or pick one from the gallery, see the top-k classes and a heatmap of what the ViT used, compare methods
across images, and put the CNN baseline next to the ViT. All logic lives in the package (nbs/08_predict.ipynb)."""
import time
import numpy as np
import streamlit as st
from vit_explain.core import VitExplainError, shipped_model
from vit_explain.predict import Predictor, gallery_images, png_bytes
from vit_explain.explain import DEFAULT_METHOD

st.set_page_config(page_title='vit_explain demo', page_icon='🔎', layout='wide')

@st.cache_resource(show_spinner='loading the model...')
def predictor(name: str, backend: str) -> Predictor: return Predictor(shipped_model(name), backend)

@st.cache_data(show_spinner=False)
def gallery(): return gallery_images(20)

def cnn_available():
    try: shipped_model('resnet18_cifar10'); return True
    except VitExplainError: return False

st.title('vit_explain: what does the Vision Transformer look at?')
with st.sidebar:
    st.header('Settings')
    backend = st.radio('Backend', ['torch', 'onnx'], help='torch: every explanation method; onnx: attention and rollout, torch-free and fastest')
    p = predictor('vit_cifar10', backend)
    methods = sorted(p.methods, key=lambda m: m != DEFAULT_METHOD)
    method = st.selectbox('Method', methods, help='gradattn won the faithfulness benchmark (see the docs)')
    n_layers, n_heads = p.layers_heads()
    layer = st.slider('Layer (attention, Grad-CAM)', 0, max(n_layers - 1, 0), max(n_layers - 1, 0)) if n_layers else -1
    head = st.selectbox('Head (attention)', ['fused'] + list(range(n_heads)))
    head = None if head == 'fused' else int(head)
    alpha = st.slider('Overlay opacity', 0.0, 1.0, 0.5, 0.05)
    st.caption(f"model: {p.stem.name} ({p.card.get('model', p.card.get('arch', {}).get('name', ''))}), "
               f"test accuracy {float(p.card.get('test_acc') or 0):.1%}")

names, imgs = zip(*gallery())
tab_explain, tab_compare, tab_cnn = st.tabs(['Explain', 'Compare methods', 'CNN vs ViT'])

with tab_explain:
    left, right = st.columns([1, 2])
    up = left.file_uploader('Upload an image', type=['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp', 'tif', 'tiff'])
    pick = left.selectbox('...or pick from the gallery', names, index=min(3, len(names) - 1))
    src, label = (up.getvalue(), up.name) if up is not None else (png_bytes(imgs[names.index(pick)]), pick)
    try:
        t = time.perf_counter(); r = p.explain(src, method, layer=layer, head=head, alpha=alpha, name=label)
        ms = 1000 * (time.perf_counter() - t)
    except VitExplainError as e:
        st.error(str(e)); st.stop()
    top = r['top'][0]
    right.subheader(f"Prediction: {top['label']} ({top['prob']:.1%})")
    a, b = right.columns(2)
    a.image(p.preprocess([src])[0][0].repeat(8, 0).repeat(8, 1), caption=f'input ({p.size}x{p.size})')
    b.image(r['png'], caption=f'{method} heatmap')
    right.bar_chart({t_['label']: t_['prob'] for t_ in r['top']}, horizontal=True)
    right.caption(f'latency: {ms:.1f} ms for prediction + explanation ({backend} backend)')

with tab_compare:
    sel_imgs = st.multiselect('Images', names, default=list(names[:min(5, len(names))]))
    sel_methods = st.multiselect('Methods', list(p.methods), default=list(p.methods[:min(4, len(p.methods))]))
    if sel_imgs and sel_methods:
        t = time.perf_counter()
        cols = st.columns(len(sel_imgs))
        for c, n in zip(cols, sel_imgs):
            src = png_bytes(imgs[names.index(n)])
            c.image(imgs[names.index(n)].repeat(4, 0).repeat(4, 1), caption=n)
            for m in sel_methods:
                r = p.explain(src, m, layer=layer, alpha=alpha, scale=4)
                c.image(r['png'], caption=f"{m}: {r['top'][0]['label']}")
        st.caption(f'{len(sel_imgs) * len(sel_methods)} explanations in {1000 * (time.perf_counter() - t):.0f} ms')

with tab_cnn:
    if not cnn_available():
        st.info('The ResNet-18 baseline (models/resnet18_cifar10) is not shipped yet: it is trained on the GPU.')
    else:
        cnn = predictor('resnet18_cifar10', 'torch'); vit = p if backend == 'torch' else predictor('vit_cifar10', 'torch')
        sel = st.multiselect('Images ', names, default=list(names[:min(6, len(names))]))
        cols = st.columns(max(len(sel), 1))
        for c, n in zip(cols, sel):
            src = png_bytes(imgs[names.index(n)])
            rc, rv = cnn.explain(src, 'gradcam', alpha=alpha, scale=4), vit.explain(src, DEFAULT_METHOD, alpha=alpha, scale=4)
            c.image(rc['png'], caption=f"ResNet-18 Grad-CAM: {rc['top'][0]['label']}")
            c.image(rv['png'], caption=f"ViT {DEFAULT_METHOD}: {rv['top'][0]['label']}")
