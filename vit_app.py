"""Streamlit demo of vit_explain: `streamlit run vit_app.py`.

Upload an image or pick one from the gallery, see the top-k classes and a heatmap of what the ViT used, compare methods
across images, and put the CNN baseline next to the ViT. All logic lives in the package (nbs/08_predict.ipynb)."""
import time
import numpy as np
import streamlit as st
from vit_explain.core import VitExplainError, shipped_model, has_torch, SHIPPED_CNN, DEFAULT_SHIPPED, TRAIN_INSTALL
from vit_explain.predict import Predictor, gallery_images, png_bytes
from vit_explain.attention import colorbar
from vit_explain.methods import method_help, method_names

HAS_TORCH = has_torch()  # the light install (.[demo]) has the ONNX backend only

st.set_page_config(page_title='vit_explain demo', page_icon='🔎', layout='wide')
UNSURE = 0.5  # below this top-1 probability the page says the model is unsure

@st.cache_resource(show_spinner='loading the model...')
def predictor(name: str, backend: str) -> Predictor: return Predictor(shipped_model(name), backend)

@st.cache_data(show_spinner=False)
def gallery(): return gallery_images(20)

def cnn_available():
    try: shipped_model(SHIPPED_CNN); return True
    except VitExplainError: return False

def show_top(box, top):
    "The top-k classes (`topk` lists them most likely first), with percentages."
    for t in top: box.progress(float(t['prob']), text=f"{t['label']}: {t['prob']:.1%}")

def remember_source(kind):
    "Callback of the uploader and the gallery: whichever the user touched last is shown."
    st.session_state['source'] = kind

st.title('vit_explain: what does the Vision Transformer look at?')
with st.sidebar:
    st.header('Settings')
    backend = st.radio('Backend', ['torch', 'onnx'] if HAS_TORCH else ['onnx'],
                       help=f"torch: every explanation method; onnx: torch-free and fastest ({', '.join(method_names(onnx=True))})"
                            + ('' if HAS_TORCH else f". torch is not installed: {TRAIN_INSTALL} adds it"))
    p = predictor(DEFAULT_SHIPPED, backend)
    methods = sorted(p.methods, key=lambda m: m != p.default_method)
    method = st.selectbox('Method', methods, format_func=lambda m: m + (' (default)' if m == p.default_method else ''),
                          help='the explanation method; its description and measured faithfulness show under the heatmap')
    smooth = st.checkbox('Smooth heatmap', True, help='bilinear upsampling; off: one flat block per token, the grid the model sees')
    n_layers, n_heads = p.layers_heads()
    layer = st.slider('Layer (attention, Grad-CAM)', 0, max(n_layers - 1, 0), max(n_layers - 1, 0)) if n_layers else -1
    head = st.selectbox('Head (attention)', ['fused'] + list(range(n_heads)))
    head = None if head == 'fused' else int(head)
    alpha = st.slider('Overlay opacity', 0.0, 1.0, 0.5, 0.05)
    st.caption(f"model: {p.stem.name} ({p.card.get('model', p.card.get('arch', {}).get('name', ''))}), "
               f"test accuracy {float(p.card.get('test_acc') or 0):.1%} on CIFAR-10")
    st.image(colorbar(width=256, height=10), caption='heatmap colours: low (left) to high (right), scaled per image', width=256)

names, imgs = zip(*gallery())
view = st.radio('View', ['Explain', 'Compare methods', 'CNN vs ViT'], horizontal=True,
                help='only the view shown is computed')

def current_image(box):
    "(bytes, label) of the image to explain: the last of upload / gallery pick the user touched, with a note saying which."
    up = box.file_uploader('Upload an image', type=['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp', 'tif', 'tiff'],
                           on_change=remember_source, args=('upload',))
    pick = box.selectbox('...or pick from the gallery', names, index=min(3, len(names) - 1), on_change=remember_source, args=('gallery',))
    if up is not None and st.session_state.get('source', 'upload') == 'upload':
        box.caption(f'showing your upload {up.name} (pick a gallery image to switch)')
        return up.getvalue(), up.name, pick
    if up is not None: box.caption(f'showing gallery image {pick} (upload again to switch back)')
    return png_bytes(imgs[names.index(pick)]), pick, pick

if view == 'Explain':
    left, right = st.columns([1, 2])
    src, label, pick = current_image(left)
    try:
        t = time.perf_counter(); r = p.explain(src, method, layer=layer, head=head, alpha=alpha, smooth=smooth, name=label)
    except VitExplainError as e:
        left.error(f'{e}. Showing the gallery image {pick} instead.')
        src, label = png_bytes(imgs[names.index(pick)]), pick
        t = time.perf_counter(); r = p.explain(src, method, layer=layer, head=head, alpha=alpha, smooth=smooth, name=label)
    ms = 1000 * (time.perf_counter() - t)
    top = r['top'][0]
    right.subheader(f"Prediction: {top['label']} ({top['prob']:.1%})")
    if top['prob'] < UNSURE: right.warning(f"The model is unsure: its best guess has {top['prob']:.0%}.")
    right.caption(f"The model knows only the {len(p.classes)} CIFAR-10 classes ({', '.join(p.classes)}): anything else gets the closest of them.")
    a, b = right.columns(2)
    a.image(p.preprocess([src])[0][0].repeat(8, 0).repeat(8, 1), caption=f'input ({p.size}x{p.size}, as the model sees it)', width=256)
    b.image(r['png'], caption=f'{method} heatmap', width=256)
    b.image(colorbar(width=256, height=10), caption='low → high (scaled per image)', width=256)
    right.info(f"**{method}**: {method_help(method)}")
    show_top(right, r['top'])
    right.caption(f'latency: {ms:.1f} ms for prediction + explanation ({backend} backend)')

elif view == 'Compare methods':
    sel_imgs = st.multiselect('Images', names, default=list(names[:min(5, len(names))]))
    sel_methods = st.multiselect('Methods', list(p.methods), default=list(p.methods[:min(4, len(p.methods))]))
    if sel_imgs and sel_methods:
        t = time.perf_counter()
        cols = st.columns(len(sel_imgs))
        for c, n in zip(cols, sel_imgs):
            src = png_bytes(imgs[names.index(n)])
            c.image(imgs[names.index(n)].repeat(4, 0).repeat(4, 1), caption=n)
            for m in sel_methods:
                r = p.explain(src, m, layer=layer, alpha=alpha, scale=4, smooth=smooth)
                c.image(r['png'], caption=f"{m}: {r['top'][0]['label']}")
        st.caption(f'{len(sel_imgs) * len(sel_methods)} explanations in {1000 * (time.perf_counter() - t):.0f} ms')
        for m in sel_methods: st.caption(f'**{m}**: {method_help(m)}')

else:
    if not cnn_available():
        st.info(f'The CNN baseline (models/{SHIPPED_CNN}) is not in this checkout.')
    else:
        cnn, vit = predictor(SHIPPED_CNN, backend), p  # both backends: the CNN's ONNX graph carries its Grad-CAM
        st.caption(f"CNN: {cnn.card['arch']['name']}, test accuracy {float(cnn.card.get('test_acc') or 0):.1%}, Grad-CAM on its last "
                   f"conv group; ViT: {vit.card['arch']['name']}, {vit.default_method}.")
        up = st.file_uploader('Add your own image', type=['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp', 'tif', 'tiff'], key='cnn_upload')
        sel = st.multiselect('Images ', names, default=list(names[:min(6, len(names))]))
        items = ([(up.name, up.getvalue())] if up is not None else []) + [(n, png_bytes(imgs[names.index(n)])) for n in sel]
        cols = st.columns(max(len(items), 1))
        for c, (n, src) in zip(cols, items):
            try: rc, rv = cnn.explain(src, 'gradcam', alpha=alpha, scale=4, smooth=smooth, name=n), vit.explain(src, alpha=alpha, scale=4, smooth=smooth, name=n)
            except VitExplainError as e: c.error(str(e)); continue
            c.image(rc['png'], caption=f"CNN Grad-CAM: {rc['top'][0]['label']}")
            c.image(rv['png'], caption=f"ViT {vit.default_method}: {rv['top'][0]['label']}")
