#!/usr/bin/env bash
# Every CPU benchmark behind the docs' Benchmarks page, in one run on one machine, threads fixed.
# Writes bench/*.json and bench/explanations.png. Needs the shipped models with their ONNX files, and CIFAR-10.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}; N=${N:-200}
vit-explain benchmark train --models vit_explain_hybrid,cnn_cifar_air,vit_explain_cct7_3x2,vit_explain_patch4,resnet18_cifar --steps 6 --threads "$THREADS" --device cpu --json bench/train_throughput.json
vit-explain benchmark train --compare --threads "$THREADS" --device cpu --json bench/train_compare.json
python bench/profile_train.py --threads "$THREADS" --json bench/train_profile.json
vit-explain benchmark explanations --n "$N" --threads "$THREADS" --device cpu --json bench/explanations.json --plot bench/explanations.png
vit-explain benchmark explain-speed --threads "$THREADS" --json bench/explain_speed.json
vit-explain benchmark inference --threads "$THREADS" --json bench/inference.json
port=$(python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
vit-explain serve --port "$port" --workers 1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
python -c "
import time, httpx
for _ in range(120):
    try:
        if httpx.get('http://127.0.0.1:$port/health').status_code == 200: break
    except httpx.HTTPError: time.sleep(0.5)
"
vit-explain benchmark load --url "http://127.0.0.1:$port" --n 1000 --concurrency 16 --json bench/load.json
