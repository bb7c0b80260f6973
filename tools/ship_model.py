"""Ship a finished training run as a model in `models/`: weights + card, curves, confusion matrix, metrics, log, ONNX.

    python tools/ship_model.py RUN_DIR NAME [--log FILE] [--note TEXT]

The card's `test_acc` is an independent fp32 evaluation of the run's model on every test image (`vit-explain evaluate`),
`test_acc_trainer` the trainer's own number; `test_acc_flip_tta` stays as the trainer measured it. Then `vit-explain
export` writes the ONNX files the shipped-model tests check against the weights (with `--int8` for ViTs).
What a new model changes comes next: `bash bench/model_benchmarks.sh` (about an hour on 2 cores), then
`python tools/run_nbs.py NB` for each notebook that shows the models or `bench/` (one process each), the claims in
`tests/test_claims.py`, and `python tools/make_readme.py`."""
import argparse, json, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run', help='training output folder (holds model.safetensors/json, curves.png, ...)')
    p.add_argument('name', help="stem in models/, e.g. 'vit_cifar10' or 'cnn_cifar10'")
    p.add_argument('--log', help="the run's console log, copied as NAME.train.log")
    p.add_argument('--note', help='a sentence for the card')
    a = p.parse_args(argv)
    from vit_explain.cli import main as vx
    from vit_explain.model import forward_flops, load_card, load_model, save_model
    from vit_explain.budget import step_work
    from vit_explain.train_config import teacher_summary
    run, dst = Path(a.run), ROOT/'models'/a.name
    m, card = load_model(run/'model')
    with tempfile.TemporaryDirectory() as tmp:
        vx(['evaluate', '--model', str(run/'model'), '--device', 'cpu', '--json', f'{tmp}/ev.json'])
        ev = json.loads(Path(f'{tmp}/ev.json').read_text())
    card = {k: v for k, v in card.items() if k not in ('arch', 'params', 'weights', 'weights_sha256')}
    card.update(test_acc_trainer=card['test_acc'], test_acc=ev['acc'], test_images=ev['n'], per_class_acc=ev['per_class_acc'],
                test_eval='fp32 on every test image (vit-explain evaluate); test_acc_trainer is the number the trainer printed')
    card['config']['out'] = f"runs/{run.name}"  # no machine path in a shipped file
    cmd = card['command'].replace(str(ROOT) + '/', '').split()
    card['command'] = ' '.join([Path(cmd[0]).name] + cmd[1:])  # 'vit-explain ...', not the interpreter's path
    if a.note: card['note'] = a.note
    if card['config'].get('distill') and 'distill_teacher' not in card:  # runs from before the trainer recorded it
        tcard = load_card(ROOT/card['config']['distill'])  # the card only: its weights are not needed here
        card['distill_teacher'] = dict(teacher_summary(tcard, card['config']['distill']), recorded='when shipped')
    if card['config'].get('distill_online') and 'teacher_forward_gflops_per_image' not in card:
        # runs from before the trainer counted the online teacher's forward pass as work of the step
        teacher, _ = load_model(ROOT/card['config']['distill'])
        card.update(step_work(card['forward_gflops_per_image'], card['images_per_s'], card['cpu_gemm_gflops'],
                              forward_flops(teacher, card['img_size']) / 1e9), teacher_flops_recorded='when shipped')
    save_model(m, dst, card)
    for src, ext in (('curves.png', 'curves.png'), ('confusion.png', 'confusion.png'), ('metrics.jsonl', 'metrics.jsonl')):
        shutil.copy(run/src, dst.with_suffix('.' + ext))
    if a.log: dst.with_suffix('.train.log').write_text(''.join(l for l in open(a.log) if 'Warning' not in l and 'warn(' not in l))
    vit = hasattr(m, 'blocks')  # dynamic int8 quantises MatMul/Gemm: a CNN has only its head there, so it gets no int8 copy
    (dst.with_suffix('.int8.onnx')).unlink(missing_ok=True)
    vx(['export', '--model', str(dst)] + (['--int8'] if vit else []))
    print(f"{a.name}: test accuracy {100 * ev['acc']:.2f}% (trainer {100 * card['test_acc_trainer']:.2f}%, "
          f"flip TTA {100 * card.get('test_acc_flip_tta', float('nan')):.2f}%)")

if __name__ == '__main__': sys.exit(main())
