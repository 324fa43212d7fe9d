#!/bin/sh
# Worker entrypoint: runs its arguments, on a GPU of its own when GPU_CLAIM_DIR is set.
#
# Docker gives every replica of a scaled service the same GPUs (`count: 1` is always GPU 0),
# so under `docker compose up --scale worker=N` each worker sees every GPU and claims one
# here: an exclusive flock on GPU_CLAIM_DIR/gpu-<index> (a volume the replicas share),
# held by the worker process for its whole life and released by the kernel when it dies.
# With every GPU claimed, it waits for one to free. Kubernetes needs none of this: the
# device plugin hands each pod its own GPU, and GPU_CLAIM_DIR stays unset there.
set -eu

if [ -n "${GPU_CLAIM_DIR:-}" ]; then
  gpus=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null || true)
  if [ -z "$gpus" ]; then
    echo "worker-entrypoint: nvidia-smi lists no GPU; running without a GPU claim" >&2
  else
    waited=false
    while :; do
      for gpu in $gpus; do
        exec 9>"$GPU_CLAIM_DIR/gpu-$gpu"
        if flock -n 9; then
          # CUDA, onnxruntime and ffmpeg's NVDEC/NVENC then see only this GPU, as device 0.
          export CUDA_VISIBLE_DEVICES="$gpu" GPU_DEVICE_ID=0
          echo "worker-entrypoint: claimed GPU $gpu" >&2
          exec "$@"
        fi
        exec 9>&-
      done
      if [ "$waited" = false ]; then
        echo "worker-entrypoint: every GPU ($(echo $gpus | tr ' ' ',')) has a worker; waiting for one to free" >&2
        waited=true
      fi
      sleep "${GPU_CLAIM_RETRY_SECONDS:-10}"
    done
  fi
fi
exec "$@"
