import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { abortUploads, listUploads } from './multipart-uploads.js';
import { uploadFileResumable } from './resumable-upload.js';
import type { ResumableUploadOptions, ResumableUploadResult } from './resumable-upload.js';

/** What {@link ObjectStore} needs: a client, its bucket, and optionally a client for presigning. */
export interface ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /**
   * Client used only to presign URLs, configured with the endpoint that the
   * URL's users reach (workers may reach MinIO at `minio:9000` while users
   * reach `localhost:9000`). Defaults to `client`.
   */
  publicClient?: S3Client;
}

/** What {@link ObjectStore.head} tells about an object. */
export interface ObjectHead {
  size: number;
}

// S3 caps DeleteObjects at 1000 keys per request.
const DELETE_BATCH = 1000;
// Parts of 8 MiB, 4 in flight: uploads hold at most ~32 MiB whatever the file size.
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
// Single deletes run this many at a time when DeleteObjects is not available.
const SINGLE_DELETES_IN_FLIGHT = 16;

/**
 * A thin adapter over one S3 bucket: streaming uploads and downloads,
 * deletes by key or prefix, and presigned GET URLs.
 */
export class ObjectStore {
  /** The bucket this store reads and writes. */
  readonly bucket: string;
  readonly #client: S3Client;
  readonly #publicClient: S3Client;
  // Set once a server rejects DeleteObjects, so later deletes skip the attempt.
  #multiDeleteUnsupported = false;

  constructor(options: ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.#client = options.client;
    this.#publicClient = options.publicClient ?? options.client;
  }

  /** Creates the bucket unless it exists already. */
  async ensureBucket(): Promise<void> {
    if (await this.#bucketExists()) return;
    try {
      await this.#client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // Another process may have created it between the check and the create.
      if (errorName(error) !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  /** Checks that the server answers and the bucket exists (HeadBucket); throws otherwise. */
  async ping(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /**
   * Uploads a file as `key`, streaming it in multipart chunks so memory stays
   * bounded (~32 MiB) whatever the file size; small files go in one PUT.
   */
  async putFile(key: string, path: string, contentType?: string): Promise<void> {
    await this.putStream(key, createReadStream(path), contentType);
  }

  /**
   * Uploads a file as `key` by a multipart upload that survives the process: a later call
   * for the same key (a retry after a crash) finds the unfinished upload, keeps the parts
   * already there that match the file and sends only the others. For outputs that may
   * exceed 5 GiB; see {@link uploadFileResumable}.
   */
  putFileResumable(
    key: string,
    path: string,
    options?: ResumableUploadOptions,
  ): Promise<ResumableUploadResult> {
    return uploadFileResumable({ client: this.#client, bucket: this.bucket, key }, path, options);
  }

  /** Upload ids of the unfinished multipart uploads of `key`, oldest first. */
  pendingUploads(key: string): Promise<string[]> {
    return listUploads({ client: this.#client, bucket: this.bucket, key });
  }

  /** Aborts the unfinished multipart uploads of `key`, so no parts are left; returns how many. */
  abortUploads(key: string): Promise<number> {
    return abortUploads({ client: this.#client, bucket: this.bucket, key });
  }

  /**
   * Uploads a stream of unknown length as `key` by multipart upload, with the same
   * bounded memory as putFile. A stream that errors aborts the upload.
   */
  async putStream(key: string, body: Readable, contentType?: string): Promise<void> {
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
    });
    await upload.done();
  }

  /** Uploads bytes held in memory as `key` in a single PUT. */
  async putBytes(key: string, bytes: Uint8Array, contentType?: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
      }),
    );
  }

  /**
   * Downloads `key` to `path`, streaming to disk. The bytes go to a
   * `.partial` file renamed into place at the end, so an interrupted download
   * never leaves a truncated file under the final name.
   */
  async getToFile(key: string, path: string): Promise<void> {
    const response = await this.#client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key }),
    );
    if (!(response.Body instanceof Readable)) {
      throw new Error(`GET s3://${this.bucket}/${key} returned no readable body`);
    }
    const partial = `${path}.partial`;
    try {
      await pipeline(response.Body, createWriteStream(partial));
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
  }

  /** Size of `key`, or undefined when there is no such object. */
  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const response = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return { size: response.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Every key that starts with `prefix`, in the server's (lexicographic) order. */
  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.#client },
      { Bucket: this.bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) keys.push(object.Key);
      }
    }
    return keys;
  }

  /**
   * Deletes every object under `prefix` and returns how many there were.
   * An empty prefix is refused: it would empty the whole bucket.
   */
  async deletePrefix(prefix: string): Promise<number> {
    if (prefix === '')
      throw new Error('refusing to delete an empty prefix: it would empty the whole bucket');
    const keys = await this.listKeys(prefix);
    await this.deleteKeys(keys);
    return keys.length;
  }

  /**
   * Deletes the given keys (missing keys are not an error): DeleteObjects in
   * batches of 1000, or one DeleteObject per key on servers that reject
   * DeleteObjects (some S3-compatible servers do not implement it, or demand
   * a Content-MD5 the SDK no longer sends).
   */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      if (!this.#multiDeleteUnsupported) {
        try {
          await this.#deleteBatch(batch);
          continue;
        } catch (error) {
          if (!isMultiDeleteRejected(error)) throw error;
          this.#multiDeleteUnsupported = true;
        }
      }
      await this.#deleteOneByOne(batch);
    }
  }

  /** A URL that lets its holder GET `key` from this store's bucket until it expires. */
  presignGet(key: string, expiresInSeconds: number): Promise<string> {
    return this.presignGetForBucket(this.bucket, key, expiresInSeconds);
  }

  /**
   * A URL that lets its holder GET `key` from `bucket` until it expires; for
   * inputs that users name as `s3://other-bucket/key`. Signed for the public
   * endpoint (S3_PUBLIC_ENDPOINT), since it is handed to clients.
   */
  presignGetForBucket(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    return getSignedUrl(this.#publicClient, command, { expiresIn: expiresInSeconds });
  }

  /**
   * Like {@link presignGetForBucket}, but signed for the endpoint this service itself
   * reaches S3 by: for ffprobe and ffmpeg inside the cluster, which may not reach
   * the public address.
   */
  presignInternalGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    return getSignedUrl(this.#client, command, { expiresIn: expiresInSeconds });
  }

  async #bucketExists(): Promise<boolean> {
    try {
      await this.ping();
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async #deleteBatch(keys: readonly string[]): Promise<void> {
    const response = await this.#client.send(
      new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = response.Errors ?? [];
    if (failed.length > 0) {
      const sample = failed
        .slice(0, 3)
        .map((e) => `${e.Key ?? '?'}: ${e.Code ?? '?'} ${e.Message ?? ''}`);
      throw new Error(
        `could not delete ${failed.length} of ${keys.length} objects in ${this.bucket} (${sample.join('; ')})`,
      );
    }
  }

  async #deleteOneByOne(keys: readonly string[]): Promise<void> {
    const queue = [...keys];
    const worker = async (): Promise<void> => {
      for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
        await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      }
    };
    await Promise.all(Array.from({ length: SINGLE_DELETES_IN_FLIGHT }, worker));
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  // HEAD responses have no body, so the SDK can only name the error by status.
  const name = errorName(error);
  return (
    name === 'NotFound' ||
    name === 'NoSuchKey' ||
    name === 'NoSuchBucket' ||
    httpStatus(error) === 404
  );
}

function isMultiDeleteRejected(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatus(error);
  return (
    name === 'NotImplemented' ||
    name === 'MethodNotAllowed' ||
    (name === 'InvalidRequest' && status === 400) ||
    status === 405 ||
    status === 501
  );
}
