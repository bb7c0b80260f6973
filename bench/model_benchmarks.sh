#!/usr/bin/env bash
# The benchmarks of the shipped ViT (models/vit_cifar10 with its ONNX files, also what `vit-explain serve` loads), in
# one run on one machine, threads fixed: what to re-run after shipping a ViT (about an hour on 2 cores). Needs CIFAR-10.
# Writes bench/explanations.*, road.*, sanity, explain_speed, inference and load*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}; N=${N:-200}
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
