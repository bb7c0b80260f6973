"""Streamlit demo of vit_explain: `streamlit run vit_app.py`.

Upload an image or pick one from the gallery, see the top-k classes and a heatmap of what the ViT used, compare methods
across images, and put the CNN baseline next to the ViT. All logic lives in the package (nbs/08_predict.ipynb)."""
import io, time
import numpy as np
import streamlit as st
from PIL import Image
from vit_explain.core import VitExplainError, shipped_model, has_torch, png_bytes, SHIPPED_CNN, DEFAULT_SHIPPED, TRAIN_INSTALL
from vit_explain.predict import Predictor, gallery_images
from vit_explain.attention import colorbar, colour_key
from vit_explain.methods import REGISTRY, is_signed, method_help, method_names

HAS_TORCH = has_torch()  # the light install (.[demo]) has the ONNX backend only

st.set_page_config(page_title='vit_explain demo', page_icon='🔎', layout='wide')
UNSURE = 0.5  # below this top-1 probability the page says the model is unsure

@st.cache_resource(show_spinner='loading the model...')
def predictor(name: str, backend: str) -> Predictor: return Predictor(shipped_model(name), backend)

@st.cache_data(show_spinner=False)
def gallery(): return gallery_images(20)

def cnn_available():
    try:
        shipped_model(SHIPPED_CNN)
        return True
    except VitExplainError: return False

def show_top(box, top):
    "The top-k classes (`topk` lists them most likely first), with percentages."
    for t in top: box.progress(float(t['prob']), text=f"{t['label']}: {t['prob']:.1%}")

def remember_source(kind):
    "Callback of the uploader and the gallery: whichever the user touched last is shown."
    st.session_state['source'] = kind

def uses_layer(method):
    "Whether the method reads one layer (attention, Grad-CAM and pytorch-grad-cam's CAMs); LRP and rollout use them all."
    return method in ('attention', 'gradcam') or REGISTRY[method].family == 'pgc'

for k in ('method', 'layer', 'head', 'compare_imgs', 'compare_methods', 'cnn_imgs'):  # keep settings of widgets a view hides
    if k in st.session_state: st.session_state[k] = st.session_state[k]

st.title('vit_explain: what does the Vision Transformer look at?')
view = st.radio('View', ['Explain', 'Compare methods', 'CNN vs ViT'], horizontal=True, key='view', help='only the view shown is computed')
names, imgs = zip(*gallery())
with st.sidebar:
    st.header('Image')
    up = st.file_uploader('Upload an image', type=['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp', 'tif', 'tiff'], key='upload',
                          on_change=remember_source, args=('upload',))
    pick = st.selectbox('...or pick from the gallery', names, index=min(3, len(names) - 1), key='pick',
                        on_change=remember_source, args=('gallery',))
    st.header('Settings')
    if HAS_TORCH:
        backend = st.radio('Backend', ['torch', 'onnx'], key='backend',
                           help=f"torch: every explanation method; onnx: torch-free and fastest ({', '.join(method_names(onnx=True))})")
    else:
        backend = 'onnx'
        st.caption(f'Backend: onnxruntime (torch is not installed; {TRAIN_INSTALL} adds it and every method)')
    p = predictor(DEFAULT_SHIPPED, backend)
    n_layers, n_heads = p.layers_heads()
    method, layer, head = p.default_method, -1, None
    if view == 'Explain':
        methods = sorted(p.methods, key=lambda m: m != p.default_method)
        method = st.selectbox('Method', methods, key='method', format_func=lambda m: m + (' (default)' if m == p.default_method else ''),
                              help='the explanation method; its description and measured faithfulness show under the heatmap')
        if n_layers and uses_layer(method):
            st.session_state.setdefault('layer', n_layers - 1)
            layer = st.slider('Layer', 0, n_layers - 1, key='layer', help=f'the block {method} reads')
        if n_heads and method == 'attention':
            head = st.selectbox('Head', ['fused'] + list(range(n_heads)), key='head', help='one attention head, or the mean of all')
            head = None if head == 'fused' else int(head)
    smooth = st.checkbox('Smooth heatmap', True, key='smooth', help='bilinear upsampling; off: one flat block per token, the grid the model sees')
    alpha = st.slider('Overlay opacity', 0.0, 1.0, 0.5, 0.05, key='alpha')
    st.caption(f"model: {p.stem.name} ({p.card.get('model', p.card.get('arch', {}).get('name', ''))}), "
               f"test accuracy {float(p.card.get('test_acc') or 0):.1%} on CIFAR-10")

def gallery_png(name): return png_bytes(imgs[names.index(name)])

def upload_first(selected):
    "(name, bytes) of the gallery images selected, after the user's upload when it is the chosen image (sidebar)."
    mine = [(up.name, up.getvalue())] if up is not None and st.session_state.get('source', 'upload') == 'upload' else []
    return mine + [(n, gallery_png(n)) for n in selected]

def chosen_image(box):
    "(bytes, label) of the image to explain: the last of upload / gallery pick the user touched, checked, with a note saying which."
    if up is not None and st.session_state.get('source', 'upload') == 'upload':
        try: p.preprocess([up.getvalue()], [up.name])  # every check of the service: a clear message naming the file
        except VitExplainError as e:
            box.error(f'{e}. Showing the gallery image {pick} instead.')
            return gallery_png(pick), pick
        w, h = Image.open(io.BytesIO(up.getvalue())).size  # decodable: checked above
        fit = ('centre-cropped to its middle square and ' if w != h else '') + (f'resized to {p.size}x{p.size}' if (w, h) != (p.size,) * 2 else '')
        box.caption(f'showing your upload {up.name} ({w}x{h}' + (f', {fit}' if fit else '') + '; pick a gallery image to switch)')
        return up.getvalue(), up.name
    if up is not None: box.caption(f'showing gallery image {pick} (upload again to switch back)')
    return gallery_png(pick), pick

if view == 'Explain':
    left, right = st.columns([1, 2])
    src, label = chosen_image(left)
    t = time.perf_counter()
    r = p.explain(src, method, layer=layer, head=head, alpha=alpha, smooth=smooth, name=label)
    ms = 1000 * (time.perf_counter() - t)
    top = r['top'][0]
    right.subheader(f"Prediction: {top['label']} ({top['prob']:.1%})")
    if top['prob'] < UNSURE: right.warning(f"Not confident: the best guess has {top['prob']:.0%}.")
    right.caption(f"The model knows only the {len(p.classes)} CIFAR-10 classes ({', '.join(p.classes)}): anything else gets the closest of them.")
    a, b = right.columns(2)
    a.image(p.preprocess([src])[0][0].repeat(8, 0).repeat(8, 1), caption=f'input ({p.size}x{p.size}, as the model sees it)', width=256)
    b.image(r['png'], caption=f'{method} heatmap', width=256)
    b.image(colorbar(width=256, height=10, signed=r['signed']), width=256)
    b.caption(r['legend'])
    right.info(f"**{method}**: {method_help(method)}")
    show_top(right, r['top'])
    right.caption(f'latency: {ms:.1f} ms for prediction + explanation ({backend} backend)')

elif view == 'Compare methods':
    st.caption(f"Each row one method, each column one image; your image first when you chose one (sidebar). Layer methods read the last layer.")
    st.session_state.setdefault('compare_imgs', list(names[:min(5, len(names))]))
    st.session_state.setdefault('compare_methods', list(p.methods[:min(4, len(p.methods))]))
    sel_imgs = st.multiselect('Images', names, key='compare_imgs')
    sel_methods = st.multiselect('Methods', list(p.methods), key='compare_methods')
    items = upload_first(sel_imgs)
    if items and sel_methods:
        t, TILE = time.perf_counter(), 128
        head_row = st.columns([1] + [1] * len(items))
        for c, (n, src) in zip(head_row[1:], items):
            try: c.image(p.preprocess([src], [n])[0][0].repeat(4, 0).repeat(4, 1), caption=n[:18], width=TILE)
            except VitExplainError as e: c.error(str(e))
        for m in sel_methods:
            row = st.columns([1] + [1] * len(items))
            row[0].markdown(f'**{m}**  \n{colour_key(is_signed(m))}')
            for c, (n, src) in zip(row[1:], items):
                try: r = p.explain(src, m, alpha=alpha, scale=4, smooth=smooth, name=n)
                except VitExplainError: continue
                c.image(r['png'], caption=r['top'][0]['label'], width=TILE)
        st.caption(f'{len(items) * len(sel_methods)} explanations in {1000 * (time.perf_counter() - t):.0f} ms. Signed maps '
                   f'(LRP, input x gradient, ablation) on one colour scale centred at 0 per image; the others from min to max.')
        for m in sel_methods: st.caption(f'**{m}**: {method_help(m)}')

else:
    if not cnn_available():
        st.info(f'The CNN baseline (models/{SHIPPED_CNN}) is not in this checkout.')
    else:
        cnn, vit = predictor(SHIPPED_CNN, backend), p  # both backends: the CNN's ONNX graph carries its Grad-CAM
        st.caption(f"CNN: {cnn.card['arch']['name']}, test accuracy {float(cnn.card.get('test_acc') or 0):.1%}, Grad-CAM on its last "
                   f"conv group ({colour_key(False)}); ViT: {vit.card['arch']['name']}, {vit.default_method} "
                   f"({colour_key(is_signed(vit.default_method))}). Your image (sidebar) comes first.")
        st.session_state.setdefault('cnn_imgs', list(names[:min(6, len(names))]))
        sel = st.multiselect('Images ', names, key='cnn_imgs')
        items = upload_first(sel)
        cols = st.columns(max(len(items), 1))
        for c, (n, src) in zip(cols, items):
            try: rc, rv = cnn.explain(src, 'gradcam', alpha=alpha, scale=4, smooth=smooth, name=n), vit.explain(src, alpha=alpha, scale=4, smooth=smooth, name=n)
            except VitExplainError as e:
                c.error(str(e))
                continue
            c.image(rc['png'], caption=f"CNN Grad-CAM: {rc['top'][0]['label']}", width=128)
            c.image(rv['png'], caption=f"ViT {vit.default_method}: {rv['top'][0]['label']}", width=128)
