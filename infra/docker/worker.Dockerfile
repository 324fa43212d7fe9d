# syntax=docker/dockerfile:1
# GPU worker: CUDA 13 + cuDNN runtime, ffmpeg with NVDEC/NVENC, and onnxruntime-node 1.29.0
# with its CUDA execution provider. One container per GPU.
# Build from the repository root:
#   docker build -f infra/docker/worker.Dockerfile -t remaster-worker .
#   docker run --gpus 1 -e REDIS_URL=... -e S3_ENDPOINT=... remaster-worker
ARG NODE_IMAGE=node:20-bookworm-slim
# CUDA 13.0 matches the provider (built with nvcc 13.0); its cuDNN 9 serves the provider too.
ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04

FROM ${NODE_IMAGE} AS build
ENV ONNXRUNTIME_NODE_INSTALL=skip TURBO_TELEMETRY_DISABLED=1 CI=true
RUN npm install -g pnpm@12.21.0
WORKDIR /src
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm exec turbo run build --filter=@remaster/worker \
 && pnpm deploy --filter @remaster/worker --prod --offline /app/apps/worker \
 && find /app -type d -path '*/onnxruntime-node/bin/napi-v6/*' \( -name darwin -o -name win32 \) -prune -exec rm -rf {} +
# onnxruntime-node's own CUDA download (NuGet) is skipped above; the same provider comes from
# npm, checked against the pinned onnxruntime-node version (see the script).
COPY infra/docker/install-ort-cuda.sh /usr/local/bin/install-ort-cuda.sh
RUN sh /usr/local/bin/install-ort-cuda.sh install /app

# The official Node binary is the one the build stage used; it needs only glibc ≥ 2.28 and
# libstdc++ (Ubuntu 24.04 has 2.39), so no third-party apt repository or download is needed.
FROM ${NODE_IMAGE} AS node

FROM ${CUDA_IMAGE}
# Ubuntu's ffmpeg is built with ffnvcodec: h264/hevc/av1 NVENC, CUVID/NVDEC decoders and the
# cuda hwaccel; the driver libraries it loads come from the NVIDIA runtime ("video" capability).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && ffmpeg -hide_banner -encoders | grep -q h264_nvenc \
 && ffmpeg -hide_banner -encoders | grep -q hevc_nvenc \
 && ffmpeg -hide_banner -decoders | grep -q h264_cuvid \
 && ffmpeg -hide_banner -hwaccels | grep -qx cuda \
 && groupadd --system --gid 10001 remaster \
 && useradd --system --uid 10001 --gid remaster --home-dir /app --shell /usr/sbin/nologin remaster
COPY --from=node /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
COPY --from=build /app /app
COPY --from=build /usr/local/bin/install-ort-cuda.sh /usr/local/bin/install-ort-cuda.sh
COPY --chmod=0755 infra/docker/worker-entrypoint.sh /usr/local/bin/worker-entrypoint.sh
COPY infra/docker/healthcheck.mjs /app/healthcheck.mjs
# Fails the build when a library the CUDA provider links (cuBLAS, cuRAND, cudart 13) is missing.
RUN node --version && sh /usr/local/bin/install-ort-cuda.sh verify /app \
 && install -d -o remaster -g remaster /var/lib/remaster-gpus
USER remaster
ENV NODE_ENV=production ROLE=worker EXECUTION_PROVIDERS=cuda,cpu GPU_DEVICE_ID=0 \
    DATA_DIR=/tmp/remaster TMP_DIR=/tmp \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,video
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
# GPU_CLAIM_DIR (set by docker-compose.yml) makes each scaled replica claim a GPU of its own.
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/worker-entrypoint.sh"]
CMD ["node", "apps/worker/dist/main.js"]
