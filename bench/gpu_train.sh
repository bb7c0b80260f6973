#!/usr/bin/env bash
# ONE GPU run (<= 9.5 min): train the default ViT (~6 min) then the CNN baseline (~2 min) with the project's own trainer
# (`--preset gpu-vit`, `--preset gpu-cnn`), evaluate both on the 10,000 test images, and write fp16 weights, model cards,
# and one archive of logs, metrics and curves to $OUT (8 files at most come back from the device).
#   on the device:  bash bench/gpu_train.sh            (data in ~/cifar: train_a.npz.xz, train_b.npz.xz, test.npz)
#   dry run on CPU: VIT_BUDGET=150 CNN_BUDGET=90 FINISH_TIMEOUT=400 LIMIT=2000 DEVICE=cpu OUT=/tmp/gpu_dry bash bench/gpu_train.sh
#   (on the CPU the final evaluations on 10,000 test images take minutes: the budgets include them)
# Each stage runs under `timeout` and a failed stage does not stop the next: one lease, whatever happens, returns results.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/gpu}; DATA=${DATA:-$HOME/cifar}; DEVICE=${DEVICE:-cuda}; PY=${PY:-python3}
VIT_BUDGET=${VIT_BUDGET:-350}; CNN_BUDGET=${CNN_BUDGET:-110}; FINISH_TIMEOUT=${FINISH_TIMEOUT:-90}; LIMIT=${LIMIT:+--limit $LIMIT}
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
RUNS=$OUT/runs; mkdir -p "$RUNS"
VX=("$PY" -c 'from vit_explain.cli import cli; cli()')
{ nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv 2>/dev/null || echo "no nvidia-smi"
  "$PY" -c 'import torch, timm; print("torch", torch.__version__, "timm", timm.__version__, "cuda", torch.cuda.is_available())'; } | tee "$RUNS/gpu.txt"
# stage NAME PRESET BUDGET EXTRA_TIMEOUT: train under `timeout`; if it fails early (not by the timeout), retry once without
# torch.compile in the time that is left, so one broken piece of the GPU stack costs minutes, not the lease
stage() {
  local name=$1 preset=$2 budget=$3 extra=$4 t0 rc left
  t0=$(date +%s)
  timeout $((budget + extra)) "${VX[@]}" train --preset "$preset" --data "cifar10:$DATA" --time-budget "$budget" \
     --device "$DEVICE" $LIMIT --no-progress --out "$RUNS/$name" 2>&1 | tee "$RUNS/${name}_train.log"; rc=${PIPESTATUS[0]}
  left=$((budget - $(date +%s) + t0))
  if [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$left" -gt 40 ]; then
    echo "$name: exit $rc; retrying without torch.compile in ${left}s" | tee -a "$RUNS/gpu.txt"
    timeout $((left + extra)) "${VX[@]}" train --preset "$preset" --data "cifar10:$DATA" --time-budget "$left" --compile off \
       --device "$DEVICE" $LIMIT --no-progress --out "$RUNS/${name}_eager" 2>&1 | tee "$RUNS/${name}_eager_train.log"; rc=${PIPESTATUS[0]}
    [ -f "$RUNS/${name}_eager/model.json" ] && rm -rf "$RUNS/$name" && mv "$RUNS/${name}_eager" "$RUNS/$name"
  fi
  echo "$name stage: $(( $(date +%s) - t0 )) s (exit $rc)" | tee -a "$RUNS/gpu.txt"
}
stage cnn gpu-cnn "$CNN_BUDGET" 40
stage vit gpu-vit "$VIT_BUDGET" 60
# fp16 weights + cards, each checked by an independent fp32 evaluation of the fp16 file on all test images
timeout "$FINISH_TIMEOUT" "$PY" - "$OUT" "$DATA" "$DEVICE" <<'PY' 2>&1 | tee "$RUNS/finish.log"
import json, sys, torch
from pathlib import Path
from vit_explain.model import load_model, save_model
from vit_explain.data import load_data, BatchAugment, DeviceLoader
from vit_explain.train import evaluate
out, data, dev = Path(sys.argv[1]), sys.argv[2], torch.device(sys.argv[3])
test = load_data(f'cifar10:{data}', 'test')
for run, name in (('vit', 'vit_cifar10'), ('cnn', 'cnn_cifar10')):
    src = out/'runs'/run/'model'
    if not src.with_suffix('.json').exists(): print(f'{name}: no model (stage failed)'); continue
    m, card = load_model(src)
    card = {k: v for k, v in card.items() if k not in ('arch', 'params', 'weights', 'weights_sha256')}
    save_model(m, out/name, card, dtype=torch.float16)
    h, c16 = load_model(out/name, dev)
    dl = DeviceLoader(test, 500, BatchAugment(c16['mean'], c16['std']).eval().to(dev), device=dev)
    rt = evaluate(h, dl, 10, tta=True); r = rt.pop('single')  # one pass: image + mirror
    card.update(test_acc_fp16_fp32eval=r['acc'], test_acc_flip_tta_fp16_fp32eval=rt['acc'])
    save_model(m, out/name, card, dtype=torch.float16)
    print(name, 'trainer test', card['test_acc'], 'tta', card['test_acc_flip_tta'], '| fp16 file:', r['acc'], rt['acc'], '| epochs', card['epochs'],
          'train s', card['train_seconds'], 'img/s', card['images_per_s'], 'peak frac', card.get('bf16_peak_fraction'))
PY
tar -czf "$OUT/runs.tgz" --exclude='checkpoint.*' --exclude='best.*' --exclude='*.safetensors' -C "$OUT" runs && rm -rf "$RUNS"
ls -la "$OUT"
