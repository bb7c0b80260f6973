#!/usr/bin/env bash
# Every CPU benchmark behind the docs' Benchmarks page, in one run on one machine, threads fixed:
# the training benchmarks (architectures and presets), then those of the shipped models.
set -euo pipefail
cd "$(dirname "$0")"
bash train_benchmarks.sh
bash model_benchmarks.sh
