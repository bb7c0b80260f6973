#!/usr/bin/env bash
# ONE GPU run (<= 9.5 min): train the default ViT (~6.5 min) then the CNN baseline (~2 min) with the project's own
# trainer, evaluate both on the 10,000 test images, and write fp16 weights, model cards, logs and curves to $OUT.
#   on the device:  bash bench/gpu_train.sh            (data in ~/cifar: train_a.npz.xz, train_b.npz.xz, test.npz)
#   dry run on CPU: VIT_BUDGET=40 CNN_BUDGET=30 LIMIT=2000 DEVICE=cpu OUT=/tmp/gpu_dry bash bench/gpu_train.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/gpu}; DATA=${DATA:-$HOME/cifar}; DEVICE=${DEVICE:-cuda}
VIT_BUDGET=${VIT_BUDGET:-390}; CNN_BUDGET=${CNN_BUDGET:-120}; LIMIT=${LIMIT:+--limit $LIMIT}
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
vx() { python -c 'from vit_explain.cli import cli; cli()' "$@"; }
mkdir -p "$OUT"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || echo "no nvidia-smi"; } | tee "$OUT/gpu.txt"
vx train --preset gpu-vit --data "cifar10:$DATA" --time-budget "$VIT_BUDGET" --device "$DEVICE" $LIMIT \
   --no-progress --out "$OUT/vit" 2>&1 | tee "$OUT/vit_train.log"
vx train --preset gpu-cnn --data "cifar10:$DATA" --time-budget "$CNN_BUDGET" --device "$DEVICE" $LIMIT \
   --no-progress --out "$OUT/cnn" 2>&1 | tee "$OUT/cnn_train.log"
for m in vit cnn; do vx evaluate --model "$OUT/$m/model" --data "cifar10:$DATA" --device "$DEVICE" --json "$OUT/${m}_test.json"; done
python - "$OUT" <<'PY'
import json, sys
from pathlib import Path
from vit_explain.model import load_model, save_model
out = Path(sys.argv[1])
for run, name in (('vit', 'vit_cifar10'), ('cnn', 'cnn_cifar10')):
    m, card = load_model(out/run/'model')
    card['independent_test'] = json.loads((out/f'{run}_test.json').read_text())['acc']
    card = {k: v for k, v in card.items() if k not in ('arch', 'params', 'weights', 'weights_sha256')}
    save_model(m, out/name, card, dtype=__import__('torch').float16)
    (out/f'{name}.metrics.jsonl').write_text((out/run/'metrics.jsonl').read_text())
    print(name, card['test_acc'], card['independent_test'], card['epochs'], card['train_seconds'], card.get('bf16_peak_fraction'))
PY
ls -la "$OUT"
