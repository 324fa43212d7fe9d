# GPU worker: CUDA runtime, ffmpeg, and onnxruntime-node with its CUDA provider.
# Build from the repository root: docker build -f infra/docker/worker.Dockerfile .
FROM node:20-bookworm-slim AS build
ENV TURBO_TELEMETRY_DISABLED=1
# onnxruntime-node's install script fetches the CUDA 12 provider when the network allows;
# set ONNXRUNTIME_NODE_INSTALL=skip to build a CPU-only image.
ARG ONNXRUNTIME_NODE_INSTALL=cuda12
ENV ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL}
RUN npm install -g pnpm@12.21.0
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile --config.allowBuilds.onnxruntime-node=true \
 && pnpm exec turbo run build && pnpm deploy --legacy --filter @remaster/launcher --prod /app

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl ffmpeg \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 1001 remaster
COPY --from=build /app /app
WORKDIR /app
USER remaster
ENV NODE_ENV=production ROLES=worker EXECUTION_PROVIDERS=cuda,cpu DATA_DIR=/tmp/remaster
# The worker serves no HTTP; the launcher restarts it if it dies. Liveness = the process.
HEALTHCHECK --interval=30s --timeout=3s CMD pgrep -f dist/main.js > /dev/null || exit 1
CMD ["node", "dist/main.js"]
