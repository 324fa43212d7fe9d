// Downloads a listed model once per machine: streamed to a temporary file
// while hashing, checked against the manifest's sha256, then renamed into
// the cache. A reader never sees a partial or unchecked file.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ModelEntry } from './model-manifest.js';
import { ModelError } from './model-error.js';

/** Ports of {@link pullModel}. */
export interface PullModelOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Aborts the download. */
  signal?: AbortSignal;
}

/** Hex sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** The cache path of an entry: named by its hash, so a changed manifest never reuses a stale file. */
export function cachedModelPath(
  entry: Pick<ModelEntry, 'id' | 'sha256'>,
  cacheDir: string,
): string {
  return join(cacheDir, `${entry.id}-${entry.sha256 ?? 'unchecked'}.onnx`);
}

/**
 * Makes sure a downloadable model is in `cacheDir` and returns its path. A
 * cached file is re-hashed and used when it matches; otherwise the model is
 * fetched, hashed on the way to a temporary file and renamed into place.
 *
 * @throws ModelError MODEL_CHECKSUM when the bytes do not hash to the manifest's
 *   sha256 (nothing is cached); MODEL_DOWNLOAD when the server or network fails
 *   (may pass on retry); MODEL_MANIFEST when the entry is not a download.
 */
export async function pullModel(
  entry: ModelEntry,
  cacheDir: string,
  options: PullModelOptions = {},
): Promise<string> {
  const { source, sha256 } = entry;
  if (source.type !== 'url' || sha256 === undefined) {
    throw new ModelError('MODEL_MANIFEST', `model ${entry.id} is not a download with a sha256`);
  }
  const target = cachedModelPath(entry, cacheDir);
  await pullFile({ id: entry.id, url: source.url, sha256, target }, options);
  return target;
}

/** One file to download: what it is called in messages, where from, its hash and its path. */
export interface PullFile {
  readonly id: string;
  readonly url: string;
  readonly sha256: string;
  readonly target: string;
}

/**
 * Makes sure `target` holds the bytes of `url` that hash to `sha256`: a file already there
 * is re-hashed and kept when it matches; otherwise the download is hashed on its way to a
 * temporary file beside the target and renamed into place only when it matches.
 *
 * @throws ModelError MODEL_CHECKSUM (nothing is written) or MODEL_DOWNLOAD.
 */
export async function pullFile(
  { id, url, sha256, target }: PullFile,
  options: PullModelOptions = {},
): Promise<void> {
  if ((await sha256File(target).catch(() => undefined)) === sha256) return;
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    const actual = await download(id, url, temporary, options);
    if (actual !== sha256) {
      throw new ModelError(
        'MODEL_CHECKSUM',
        `model ${id} from ${url} has sha256 ${actual}, but ${sha256} was expected: refused; check the sha256 you gave, or the file on the server`,
      );
    }
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}

async function download(
  id: string,
  url: string,
  path: string,
  options: PullModelOptions,
): Promise<string> {
  const fetchPort = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchPort(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw new ModelError(
      'MODEL_DOWNLOAD',
      `model ${id}: could not reach ${url}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  if (!response.ok || response.body === null) {
    throw new ModelError(
      'MODEL_DOWNLOAD',
      `model ${id}: ${url} answered ${response.status} ${response.statusText}`,
    );
  }
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body), hashing, createWriteStream(path));
  } catch (error) {
    throw new ModelError(
      'MODEL_DOWNLOAD',
      `model ${id}: download from ${url} broke off: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return hash.digest('hex');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
