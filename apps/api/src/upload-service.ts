import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import type { ObjectStore } from '@remaster/storage';
import { ApiError } from './api-error.js';

export interface UploadServiceOptions {
  readonly objects: Pick<ObjectStore, 'bucket' | 'putStream'>;
  readonly maxBytes: number;
}

export interface StoredUpload {
  readonly url: string;
  readonly sizeBytes: number;
}

/**
 * Streams a request body into storage (multipart, bounded memory) under a key no one
 * can guess, and answers the s3:// URL a job refers to.
 */
export class UploadService {
  constructor(private readonly options: UploadServiceOptions) {}

  async store(tenant: string, filename: string, body: Readable): Promise<StoredUpload> {
    const key = `uploads/${tenant}/${randomBytes(12).toString('hex')}/${safeName(filename)}`;
    const counter = new ByteLimit(this.options.maxBytes);
    body.on('error', (error) => counter.destroy(error));
    try {
      await this.options.objects.putStream(key, body.pipe(counter), 'application/octet-stream');
    } catch (error) {
      if (counter.exceeded)
        throw new ApiError(
          413,
          'UPLOAD_TOO_LARGE',
          `uploads are limited to ${this.options.maxBytes} bytes (UPLOAD_MAX_BYTES)`,
        );
      throw error;
    }
    if (counter.bytes === 0)
      throw new ApiError(
        400,
        'UPLOAD_EMPTY',
        'the upload is empty: send the file as the request body',
      );
    return { url: `s3://${this.options.objects.bucket}/${key}`, sizeBytes: counter.bytes };
  }
}

/** Counts bytes and fails the stream once it passes the limit. */
class ByteLimit extends Transform {
  bytes = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null, data?: Buffer) => void,
  ): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.exceeded = true;
      callback(new Error('upload too large'));
      return;
    }
    callback(null, chunk);
  }
}

/** Keeps letters, digits, dot, dash and underscore; the key stays readable and safe. */
export function safeName(filename: string): string {
  const name = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 100);
  return cleaned || 'upload';
}
