# syntax=docker/dockerfile:1
# API, planner, stitcher and webhook delivery: one image; ROLE (api | planner | stitcher |
# webhook) picks the process, /app/apps/$ROLE/dist/main.js.
# Build from the repository root:
#   docker build -f infra/docker/node.Dockerfile -t remaster-node .
#   docker run -e ROLE=planner -e REDIS_URL=... -e S3_ENDPOINT=... remaster-node
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# onnxruntime-node's postinstall would download CUDA binaries; these roles run on CPU.
ENV ONNXRUNTIME_NODE_INSTALL=skip TURBO_TELEMETRY_DISABLED=1 CI=true
RUN npm install -g pnpm@12.21.0
WORKDIR /src
# Dependencies from the lockfile alone, so this layer is reused while only sources change.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm exec turbo run build --filter=@remaster/api --filter=@remaster/planner \
      --filter=@remaster/stitcher --filter=@remaster/webhooks-app
# One production-only tree per role (dist and dependencies, no sources or dev tools) in
# /app/apps/<role>, so the command is `node apps/<role>/dist/main.js` for every role: each
# pair is role:package (the webhook role is the package of apps/webhooks). Only the Linux
# builds of onnxruntime-node are kept (the API and planner load the model registry).
RUN for pair in api:api planner:planner stitcher:stitcher webhook:webhooks-app; do \
      pnpm deploy --filter "@remaster/${pair#*:}" --prod --offline "/app/apps/${pair%%:*}" || exit 1; \
    done \
 && find /app -type d -path '*/onnxruntime-node/bin/napi-v6/*' \( -name darwin -o -name win32 \) -prune -exec rm -rf {} +

FROM ${NODE_IMAGE}
# ffmpeg/ffprobe for the planner (probe, scene cuts) and the stitcher; tini reaps them and
# forwards SIGTERM to node, which finishes its jobs before it exits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
COPY infra/docker/healthcheck.mjs /app/healthcheck.mjs
# The node user (uid 1000) of the base image; the application files stay root-owned, read-only.
USER node
ENV NODE_ENV=production ROLE=api HOST=0.0.0.0 PORT=8080 DATA_DIR=/tmp/remaster TMP_DIR=/tmp
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node \"apps/$ROLE/dist/main.js\""]
