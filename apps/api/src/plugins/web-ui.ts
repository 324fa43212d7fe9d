import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** Where the dashboard is served. Its files are public; every data call it makes needs a key. */
export const WEB_UI_PATH = '/ui';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface WebUiOptions {
  /** Folders whose files are served flat under /ui/ (later folders win); default: @remaster/web's. */
  readonly dirs?: readonly string[];
}

/** @remaster/web's `public/` (HTML, CSS) and `dist/` (the compiled scripts). */
export function webUiDirs(): string[] {
  const root = dirname(fileURLToPath(import.meta.resolve('@remaster/web/package.json')));
  return [join(root, 'public'), join(root, 'dist')];
}

/**
 * The dashboard at /ui/: a handful of static files read once at start and served by
 * name (no path from the URL ever reaches the file system), so no static-file plugin
 * is needed. The files carry no data; the page calls /v1 with the pasted key.
 */
export const webUi = fp<WebUiOptions>(
  async (app, options) => {
    const files = await loadFiles(options.dirs ?? webUiDirs());
    if (!files.has('index.html')) {
      app.log.warn({ dirs: options.dirs ?? webUiDirs() }, 'web UI not built: /ui is absent');
      return;
    }
    const hide = { hide: true };
    app.get(WEB_UI_PATH, { schema: hide }, (_request, reply) => reply.redirect(`${WEB_UI_PATH}/`));
    app.get(`${WEB_UI_PATH}/`, { schema: hide }, (_request, reply) =>
      send(reply, files, 'index.html'),
    );
    app.get<{ Params: { file: string } }>(
      `${WEB_UI_PATH}/:file`,
      { schema: hide },
      (request, reply) => {
        if (!files.has(request.params.file))
          return reply.code(404).send({
            error: { code: 'NOT_FOUND', message: `no file ${request.params.file} in the web UI` },
          });
        return send(reply, files, request.params.file);
      },
    );
  },
  { name: 'remaster-web-ui' },
);

function send(reply: FastifyReply, files: ReadonlyMap<string, Buffer>, name: string) {
  return (
    reply
      .header('content-type', CONTENT_TYPES[extname(name)] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      // Stills and videos come from presigned object-store URLs on another origin.
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https:; frame-ancestors 'none'",
      )
      .send(files.get(name))
  );
}

async function loadFiles(dirs: readonly string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (CONTENT_TYPES[extname(name)]) files.set(name, await readFile(join(dir, name)));
    }
  }
  return files;
}
