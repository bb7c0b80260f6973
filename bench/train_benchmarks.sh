#!/usr/bin/env bash
# The training benchmarks: architectures and presets, timed on synthetic batches (no trained weights needed).
# Writes bench/train_*.json. Re-run when a model architecture, a preset or the trainer changes.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}
MODELS=vit_explain_hybrid,cnn_cifar_air,vit_explain_cct7_3x2,vit_explain_patch4,resnet18_cifar
vit-explain benchmark train --models "$MODELS" --steps 6 --threads "$THREADS" --device cpu --json bench/train_throughput.json
vit-explain benchmark train --compare --threads "$THREADS" --device cpu --json bench/train_compare.json
vit-explain benchmark train --efficiency --threads "$THREADS" --device cpu --json bench/train_efficiency.json
python bench/profile_train.py --threads "$THREADS" --json bench/train_profile.json
