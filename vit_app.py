"""Streamlit demo of vit_explain: `streamlit run vit_app.py [-- --model STEM [--model STEM2 ...]]`.

Upload an image or pick one from the gallery, see the top-k classes and a heatmap of what the model used, compare
methods across images, and put the CNN baseline next to the ViT. The models are the shipped ViT by default, else those
given after `--` or in `VIT_EXPLAIN_MODEL` (separated by `os.pathsep`), with a picker when there are several. All logic
lives in the package (nbs/08_predict.ipynb)."""
import argparse, io, os, sys, time
import numpy as np
import streamlit as st
from PIL import Image
from vit_explain.core import VitExplainError, shipped_model, has_torch, png_bytes, SHIPPED_CNN, TRAIN_INSTALL
from vit_explain.predict import Predictor, gallery_images, served_models, drawn_per_pixel
from vit_explain.attention import colorbar, colour_key, overlay_scale
from vit_explain.methods import is_signed, method_help, method_names, uses_option

HAS_TORCH = has_torch()  # the light install (.[demo]) has the ONNX backend only

st.set_page_config(page_title='vit_explain demo', page_icon='🔎', layout='wide')
UNSURE = 0.5  # below this top-1 probability the page says the model is unsure

@st.cache_resource(show_spinner='loading the model...')
def predictor(stem: str, backend: str) -> Predictor: return Predictor(stem, backend)

@st.cache_resource(show_spinner=False)
def models(argv: tuple, env: str) -> dict:
    "{name: stem} of the models to show: `--model` after `--`, else $VIT_EXPLAIN_MODEL, else the shipped ViT."
    ap = argparse.ArgumentParser(prog='streamlit run vit_app.py --')
    ap.add_argument('--model', action='append', help='a saved model (repeat it for several)')
    return {k: str(v) for k, v in served_models(ap.parse_known_args(list(argv))[0].model).items()}

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

for k in ('method', 'layer', 'head', 'compare_imgs', 'compare_methods', 'cnn_imgs', 'cnn_method'):  # keep settings of widgets a view hides
    if k in st.session_state: st.session_state[k] = st.session_state[k]

st.title('vit_explain: what does the Vision Transformer look at?')
view = st.radio('View', ['Explain', 'Compare methods', 'CNN vs ViT'], horizontal=True, key='view', help='only the view shown is computed')
try: MODELS = models(tuple(sys.argv[1:]), os.environ.get('VIT_EXPLAIN_MODEL', ''))  # the env var: part of the cache key
except VitExplainError as e:
    st.error(f'{e}')
    st.stop()
names, imgs = zip(*gallery())
with st.sidebar:
    model = st.selectbox('Model', list(MODELS), key='model', help='the models given to the demo') if len(MODELS) > 1 else next(iter(MODELS))
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
    try: p = predictor(MODELS[model], backend)
    except VitExplainError as e:
        st.error(f'model {model!r}: {e}')
        st.stop()
    n_layers, n_heads = p.layers_heads()
    method, layer, head = p.default_method, -1, None
    if view == 'Explain':
        methods = sorted(p.methods, key=lambda m: m != p.default_method)
        method = st.selectbox('Method', methods, key='method', format_func=lambda m: m + (' (default)' if m == p.default_method else ''),
                              help='the explanation method; its description and measured faithfulness show under the heatmap')
        if n_layers and uses_option(method, 'layer'):
            st.session_state.setdefault('layer', n_layers - 1)
            layer = st.slider('Layer', 0, n_layers - 1, key='layer', help=f'the block {method} reads')
        if n_heads and uses_option(method, 'head'):
            head = st.selectbox('Head', ['fused'] + list(range(n_heads)), key='head', help='one attention head, or the mean of all')
            head = None if head == 'fused' else int(head)
    smooth = st.checkbox('Smooth heatmap', True, key='smooth', help='bilinear upsampling; off: one flat block per token, the grid the model sees')
    alpha = st.slider('Overlay opacity', 0.0, 1.0, 0.5, 0.05, key='alpha')
    acc = f", test accuracy {float(p.card['test_acc']):.1%}" if p.card.get('test_acc') is not None else ''
    st.caption(f"model: {p.stem.name} ({p.card.get('model', p.card.get('arch', {}).get('name', ''))}), "
               f"{len(p.classes)} classes, {p.size}x{p.size} input{acc}")

def gallery_png(name): return png_bytes(imgs[names.index(name)])

def chosen():
    "(name, bytes) of the image chosen in the sidebar: the upload or the gallery pick, whichever the user touched last."
    if up is not None and st.session_state.get('source', 'upload') == 'upload': return up.name, up.getvalue()
    return pick, gallery_png(pick)

def grid_items(selected):
    "(name, bytes) of the grid's images: the sidebar's chosen image first, then the images selected here."
    first = chosen()
    return [first] + [(n, gallery_png(n)) for n in selected if n != first[0]]

def sidebar_note():
    "Which sidebar image leads the grid, and how to switch (an upload is never dropped without a word)."
    n, _ = chosen()
    other = ' (your upload is not shown: upload it again to use it)' if up is not None and n != up.name else ''
    return f'first column: {n}, the image chosen in the sidebar{other}'

def checked(src, label, box):
    "The image bytes when the model can read them, else None after an error in `box` naming the file and the model."
    try: p.preprocess([src], [label])
    except VitExplainError as e:
        box.error(f'{p.stem.name}: {e}')
        return None
    return src

if view == 'Explain':
    label, src = chosen()
    if checked(src, label, st) is None: label, src = pick, gallery_png(pick)
    if up is not None and label == up.name:
        w, h = Image.open(io.BytesIO(src)).size
        fit = ('centre-cropped to its middle square and ' if w != h else '') + (f'resized to {p.size}x{p.size}' if (w, h) != (p.size,) * 2 else '')
        st.caption(f'your upload {up.name} ({w}x{h}' + (f', {fit}' if fit else '') + '); pick a gallery image to switch')
    elif up is not None: st.caption(f'the gallery image {pick} (upload again to switch back to yours)')
    else: st.caption(f'the gallery image {pick}: upload your own image or pick another in the sidebar')
    t = time.perf_counter()
    r = p.explain(src, method, layer=layer, head=head, alpha=alpha, smooth=smooth, name=label)
    ms = 1000 * (time.perf_counter() - t)
    top = r['top'][0]
    st.subheader(f"Prediction: {top['label']} ({top['prob']:.1%})")
    if top['prob'] < UNSURE: st.warning(f"Not confident: the best guess has {top['prob']:.0%}.")
    shown = ', '.join(p.classes[:12]) + (f', ... ({len(p.classes) - 12} more)' if len(p.classes) > 12 else '')
    st.caption(f"{p.stem.name} knows only its {len(p.classes)} classes ({shown}): anything else gets the closest of them.")
    a, b, c = st.columns([4, 4, 3])
    k = overlay_scale(p.size)
    a.image(p.preprocess([src])[0][0].repeat(k, 0).repeat(k, 1), caption=f'input, {p.size}x{p.size} as the model sees it', width='stretch')
    b.image(r['png'], caption=f'{method}' + (', per pixel' if drawn_per_pixel(method) else ''), width='stretch')
    c.image(colorbar(width=256, height=12, signed=r['signed']), width='stretch')
    c.caption(r['legend'])
    show_top(c, r['top'])
    st.info(f"**{method}**: {method_help(method)}")
    st.caption(f'latency: {ms:.1f} ms for prediction + explanation ({backend} backend)')

elif view == 'Compare methods':
    st.session_state.setdefault('compare_imgs', list(names[:min(4, len(names))]))
    st.session_state.setdefault('compare_methods', list(p.methods[:min(4, len(p.methods))]))
    sel_imgs = st.multiselect('Images', names, key='compare_imgs', help='gallery images; the image chosen in the sidebar comes first')
    sel_methods = st.multiselect('Methods', list(p.methods), key='compare_methods')
    items = [(n, s) for n, s in grid_items(sel_imgs) if checked(s, n, st) is not None]
    if not sel_methods: st.info('Pick one or more methods above: each becomes a row of heatmaps.')
    else:
        st.caption(f"Each row one method, each column one image; {sidebar_note()}. Layer methods read the last layer.")
        t = time.perf_counter()
        head_row = st.columns([2] + [2] * len(items))
        for c, (n, src) in zip(head_row[1:], items):
            c.image(p.preprocess([src], [n])[0][0], caption=n[:18], width='stretch')
        for m in sel_methods:
            row = st.columns([2] + [2] * len(items))
            row[0].markdown(f'**{m}**  \n{colour_key(is_signed(m))}')
            for c, (n, src) in zip(row[1:], items):
                r = p.explain(src, m, alpha=alpha, scale=max(1, overlay_scale(p.size) // 2), smooth=smooth, name=n)
                c.image(r['png'], caption=r['top'][0]['label'], width='stretch')
        st.caption(f'{len(items) * len(sel_methods)} explanations in {1000 * (time.perf_counter() - t):.0f} ms. Signed maps '
                   f'(LRP, input x gradient, ablation) on one colour scale centred at 0 per image; the others from min to max.')
        for m in sel_methods: st.caption(f'**{m}**: {method_help(m)}')

else:
    cnn = predictor(str(shipped_model(SHIPPED_CNN)), backend) if cnn_available() else None
    if cnn is None: st.info(f'The CNN baseline (models/{SHIPPED_CNN}) is not in this checkout: CNN vs ViT needs it.')
    elif cnn.classes != p.classes:
        st.info(f'The CNN baseline knows the CIFAR-10 classes and {p.stem.name} others: pick a CIFAR-10 model to compare.')
    else:
        both = [k for k in p.methods if k in cnn.methods]  # the same method on both models, so the rows compare
        default = p.default_method if p.default_method in both else both[0]
        cm = st.selectbox('Method (both models)', both, index=both.index(default), key='cnn_method',
                          format_func=lambda m: m + (' (default)' if m == default else ''), help='the methods both models serve')
        st.session_state.setdefault('cnn_imgs', list(names[:min(5, len(names))]))
        sel = st.multiselect('Images ', names, key='cnn_imgs', help='gallery images; the image chosen in the sidebar comes first')
        items = [(n, s) for n, s in grid_items(sel) if checked(s, n, st) is not None]
        st.caption(f"Rows: the CNN ({cnn.card['arch']['name']}, test accuracy {float(cnn.card.get('test_acc') or 0):.1%}) and the "
                   f"ViT ({p.card['arch']['name']}), both explained with {cm} ({colour_key(is_signed(cm))}); {sidebar_note()}.")
        for who, model_ in (('CNN', cnn), ('ViT', p)):
            row = st.columns([2] + [2] * len(items))
            row[0].markdown(f'**{who}**  \n{cm}')
            for c, (n, src) in zip(row[1:], items):
                r = model_.explain(src, cm, alpha=alpha, scale=4, smooth=smooth, name=n)
                c.image(r['png'], caption=f"{r['top'][0]['label']} {r['top'][0]['prob']:.0%}", width='stretch')
