import type { Config } from '@remaster/config';

export interface BannerInput {
  readonly config: Config;
  readonly apiKey: string;
  readonly generated: boolean;
  readonly s3Endpoint: string;
  /** Every model folder the roles read (MODELS_DIR and the ones `npm run models` registered). */
  readonly modelDirs: readonly string[];
}

/** Waits for the API to answer, then says where it is, with an example to paste. */
export async function printBanner({
  config,
  apiKey,
  generated,
  s3Endpoint,
  modelDirs,
}: BannerInput): Promise<void> {
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const base = `http://${host}:${config.PORT}`;
  const up = await waitForHttp(`${base}/healthz`, 60_000);
  const lines = [
    '',
    up
      ? `Remaster is up.`
      : `Remaster started, but ${base}/healthz did not answer yet; see the logs above.`,
    ...(config.WEB_UI_ENABLED && config.ROLES.includes('api')
      ? [`  Dashboard  ${base}/ui/   (paste the API key below to sign in)`]
      : []),
    `  API        ${base}/v1/jobs`,
    `  API docs   ${base}/docs`,
    `  S3         ${s3Endpoint} (bucket ${config.S3_BUCKET})`,
    ...modelLines(config, modelDirs),
    `  API key    ${apiKey}${generated ? `   (generated; kept in ${config.DATA_DIR}/api-keys; set API_KEYS to choose your own)` : ''}`,
    '',
    'Try it: upload a clip, submit a job (2× resolution, 60 fps), then poll it:',
    `  export KEY=${apiKey}`,
    `  curl -s -X POST '${base}/v1/uploads?filename=clip.mp4' -H "Authorization: Bearer $KEY" \\`,
    `    -H 'Content-Type: application/octet-stream' --data-binary @clip.mp4`,
    `  # → {"url":"s3://${config.S3_BUCKET}/uploads/…/clip.mp4",…}; use that url as input.url:`,
    `  curl -s -X POST ${base}/v1/jobs -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\`,
    `    -d '{"input":{"url":"s3://…/clip.mp4"},"upscale":{"factor":2},"interpolate":{"fps":60}}'`,
    `  curl -s ${base}/v1/jobs/<id> -H "Authorization: Bearer $KEY"`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Where models come from and which are the defaults; how to add learned ones. */
function modelLines(config: Config, modelDirs: readonly string[]): string[] {
  const defaults = [
    ...config.DEFAULT_SR_MODEL.map((id) => `sr ${id}`),
    ...config.DEFAULT_VFI_MODEL.map((id) => `vfi ${id}`),
  ];
  const sources = [...modelDirs, ...(config.MODELS_MANIFEST ? [config.MODELS_MANIFEST] : [])];
  return [
    `  Models     ${sources.length > 0 ? `built-ins and ${sources.join(', ')}` : 'built-ins'}; ` +
      `defaults: ${defaults.join(', ') || "the manifest's, else the built-ins (mci, bicubic)"}`,
    `             \`npm run models\` lists them and says how to add learned ones`,
  ];
}
