#!/usr/bin/env bash
# Every CPU benchmark behind the docs' Benchmarks page, in one run on one machine, threads fixed.
# Writes bench/*.json and bench/explanations.png. Needs the shipped models with their ONNX files, and CIFAR-10.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}; N=${N:-200}
vit-explain benchmark train --models vit_explain_hybrid,cnn_cifar_air,vit_explain_cct7_3x2,vit_explain_patch4,resnet18_cifar --steps 6 --threads "$THREADS" --device cpu --json bench/train_throughput.json
vit-explain benchmark train --compare --threads "$THREADS" --device cpu --json bench/train_compare.json
vit-explain benchmark train --efficiency --threads "$THREADS" --device cpu --json bench/train_efficiency.json
python bench/profile_train.py --threads "$THREADS" --json bench/train_profile.json
vit-explain benchmark explanations --n "$N" --threads "$THREADS" --device cpu --json bench/explanations.json --plot bench/explanations.png
# ROAD reads the deletion benchmark above for its rankings (about 40 minutes on 2 cores)
vit-explain benchmark road --n "$N" --threads "$THREADS" --json bench/road.json --plot bench/road.png
vit-explain benchmark sanity --threads "$THREADS" --json bench/sanity.json
vit-explain benchmark explain-speed --threads "$THREADS" --json bench/explain_speed.json
vit-explain benchmark inference --threads "$THREADS" --json bench/inference.json
# the API under a bounded load, with 1 and with 2 uvicorn workers
for workers in 1 2; do
  port=$(python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  VIT_EXPLAIN_LOG=off vit-explain serve --port "$port" --workers "$workers" &
  server=$!
  python -c "
import time, httpx
for _ in range(120):
    try:
        if httpx.get('http://127.0.0.1:$port/health').status_code == 200: break
    except httpx.HTTPError: time.sleep(0.5)
"
  out=bench/load.json; [ "$workers" = 2 ] && out=bench/load_2workers.json
  vit-explain benchmark load --url "http://127.0.0.1:$port" --n 1000 --concurrency 16 --json "$out"
  kill $server; wait $server 2>/dev/null || true
done
