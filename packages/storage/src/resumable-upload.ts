import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  paginateListParts,
} from '@aws-sdk/client-s3';
import type { CompletedPart } from '@aws-sdk/client-s3';
import { abortUpload, errorName, listUploads } from './multipart-uploads.js';
import type { UploadTarget } from './multipart-uploads.js';

const MiB = 1024 * 1024;
/** The part size {@link uploadFileResumable} starts from unless told otherwise. */
export const DEFAULT_UPLOAD_PART_BYTES = 64 * MiB;
// S3's limits: 10,000 parts per upload, objects of at most 5 TiB.
const MAX_PARTS = 10_000;
const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * MiB;
const DEFAULT_PARTS_IN_FLIGHT = 4;

/** How {@link uploadFileResumable} uploads. */
export interface ResumableUploadOptions {
  contentType?: string;
  /**
   * Smallest part size in bytes (default 64 MiB; S3 refuses parts under 5 MiB but the
   * last). It grows, in whole MiB, when the file would need more than 10,000 parts.
   */
  partSize?: number;
  /** Parts uploaded at once (default 4); each holds one part in memory. */
  partsInFlight?: number;
  /** Stops the upload where it is and leaves it for the next call to resume (shutdown). */
  signal?: AbortSignal;
  /** Abort the multipart upload when this call fails: set on the caller's last attempt. */
  abortOnFailure?: boolean;
}

/** What {@link uploadFileResumable} did. */
export interface ResumableUploadResult {
  /** Undefined when the file fitted in one part and went in one PUT. */
  uploadId?: string;
  partSize: number;
  parts: number;
  /** Parts this call sent; the others were already on the server, checked. */
  partsUploaded: number;
  /** Whether an unfinished upload of the key was found and carried on. */
  resumed: boolean;
}

interface Plan extends UploadTarget {
  uploadId: string;
  file: FileHandle;
  path: string;
  size: number;
  partSize: number;
}

/** The part size for a file: `minimum`, or larger so that the file fits in 10,000 parts. */
export function choosePartSize(fileSize: number, minimum: number): number {
  const needed = Math.ceil(fileSize / MAX_PARTS);
  return needed <= minimum ? minimum : Math.ceil(needed / MiB) * MiB;
}

/**
 * Uploads a file as `target.key` by multipart upload, resuming the unfinished upload of
 * that key if there is one. The upload id is not kept anywhere but S3: the key is the
 * job's own, so ListMultipartUploads finds it, and nothing can disagree with S3 after a
 * crash. The parts already there are listed and each is kept only if its size and ETag
 * (the MD5 of its bytes) match the file's bytes at that place; the others are sent
 * again. Each part goes as a buffer, so the SDK can retry it.
 */
export async function uploadFileResumable(
  target: UploadTarget,
  path: string,
  options: ResumableUploadOptions = {},
): Promise<ResumableUploadResult> {
  const { size } = await stat(path);
  if (size > MAX_OBJECT_BYTES)
    throw new Error(`${path} is ${size} bytes; an S3 object holds at most 5 TiB`);
  const partSize = choosePartSize(size, options.partSize ?? DEFAULT_UPLOAD_PART_BYTES);
  const parts = Math.max(1, Math.ceil(size / partSize));
  const file = await open(path);
  try {
    if (parts === 1) {
      await putWhole(target, file, size, options);
      return { partSize, parts, partsUploaded: 1, resumed: false };
    }
    const { uploadId, resumed } = await openUpload(target, options);
    const plan: Plan = { ...target, uploadId, file, path, size, partSize };
    try {
      const partsUploaded = await sendParts(plan, parts, resumed, options);
      return { uploadId, partSize, parts, partsUploaded, resumed };
    } catch (error) {
      if (options.abortOnFailure && !options.signal?.aborted) await abortQuietly(plan);
      throw error;
    }
  } finally {
    await file.close();
  }
}

/** The newest unfinished upload of the key (older ones are stale and aborted), or a new one. */
async function openUpload(
  target: UploadTarget,
  options: ResumableUploadOptions,
): Promise<{ uploadId: string; resumed: boolean }> {
  const ids = await listUploads(target);
  const newest = ids.pop();
  for (const uploadId of ids) await abortUpload({ ...target, uploadId });
  if (newest !== undefined) return { uploadId: newest, resumed: true };
  const created = await target.client.send(
    new CreateMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      ContentType: options.contentType,
    }),
    { abortSignal: options.signal },
  );
  if (created.UploadId === undefined) throw new Error(`S3 gave no upload id for ${target.key}`);
  return { uploadId: created.UploadId, resumed: false };
}

/** Sends the parts S3 lacks, `partsInFlight` at a time, then completes; returns how many it sent. */
async function sendParts(
  plan: Plan,
  parts: number,
  resumed: boolean,
  options: ResumableUploadOptions,
): Promise<number> {
  const done = resumed ? await partsToKeep(plan) : new Map<number, string>();
  const missing = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !done.has(n));
  // The first failure stops the other workers, so no part is in flight once this returns.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const worker = async (): Promise<void> => {
    for (let n = missing.shift(); n !== undefined; n = missing.shift()) {
      signal.throwIfAborted();
      done.set(n, await uploadPart(plan, n, signal));
    }
  };
  const fail = (error: unknown): never => {
    stop.abort(error);
    throw error;
  };
  const sent = missing.length;
  const inFlight = Math.max(1, Math.min(options.partsInFlight ?? DEFAULT_PARTS_IN_FLIGHT, sent));
  const settled = await Promise.allSettled(
    Array.from({ length: inFlight }, () => worker().catch(fail)),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw options.signal?.aborted ? options.signal.reason : failed.reason;
  const completed = [...done].sort(([a], [b]) => a - b);
  await complete(
    plan,
    completed.map(([PartNumber, ETag]) => ({ PartNumber, ETag })),
    options,
  );
  return sent;
}

/** Parts already uploaded whose size and MD5 match the file: part number → ETag. */
async function partsToKeep(plan: Plan): Promise<Map<number, string>> {
  const keep = new Map<number, string>();
  const pages = paginateListParts(
    { client: plan.client },
    { Bucket: plan.bucket, Key: plan.key, UploadId: plan.uploadId },
  );
  for await (const page of pages) {
    for (const part of page.Parts ?? []) {
      const { PartNumber: n, ETag: etag, Size: size } = part;
      if (n === undefined || etag === undefined) continue;
      const range = partRange(plan, n);
      if (range.length <= 0 || size !== range.length) continue;
      if (sameEtag(etag, await md5OfRange(plan.path, range))) keep.set(n, etag);
    }
  }
  return keep;
}

async function uploadPart(plan: Plan, partNumber: number, signal: AbortSignal): Promise<string> {
  const body = await readRange(plan.file, partRange(plan, partNumber));
  const response = await plan.client.send(
    new UploadPartCommand({
      Bucket: plan.bucket,
      Key: plan.key,
      UploadId: plan.uploadId,
      PartNumber: partNumber,
      Body: body,
      ContentLength: body.length,
      // S3 checks the part against it: a part damaged on the way is refused, not stored.
      ContentMD5: createHash('md5').update(body).digest('base64'),
    }),
    { abortSignal: signal },
  );
  if (response.ETag === undefined) throw new Error(`S3 gave no ETag for part ${partNumber}`);
  return response.ETag;
}

async function complete(
  plan: Plan,
  parts: CompletedPart[],
  options: ResumableUploadOptions,
): Promise<void> {
  try {
    await plan.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: plan.bucket,
        Key: plan.key,
        UploadId: plan.uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    // A retried Complete whose first try did complete (its answer was lost) finds no upload.
    if (errorName(error) !== 'NoSuchUpload') throw error;
    const head = await plan.client.send(
      new HeadObjectCommand({ Bucket: plan.bucket, Key: plan.key }),
    );
    if (head.ContentLength !== plan.size) throw error;
  }
}

async function putWhole(
  target: UploadTarget,
  file: FileHandle,
  size: number,
  options: ResumableUploadOptions,
): Promise<void> {
  const body = await readRange(file, { start: 0, length: size });
  await target.client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentLength: size,
      ContentType: options.contentType,
    }),
    { abortSignal: options.signal },
  );
}

function partRange(plan: Plan, partNumber: number): { start: number; length: number } {
  const start = (partNumber - 1) * plan.partSize;
  return { start, length: Math.min(plan.partSize, plan.size - start) };
}

async function readRange(
  file: FileHandle,
  range: { start: number; length: number },
): Promise<Buffer> {
  const buffer = Buffer.alloc(range.length);
  let read = 0;
  while (read < range.length) {
    const { bytesRead } = await file.read(buffer, read, range.length - read, range.start + read);
    if (bytesRead === 0) throw new Error(`file ended ${range.length - read} bytes early`);
    read += bytesRead;
  }
  return buffer;
}

async function md5OfRange(path: string, range: { start: number; length: number }): Promise<string> {
  const hash = createHash('md5');
  const end = range.start + range.length - 1;
  for await (const chunk of createReadStream(path, { start: range.start, end }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sameEtag(etag: string, md5Hex: string): boolean {
  return etag.replaceAll('"', '').toLowerCase() === md5Hex;
}

async function abortQuietly(upload: UploadTarget & { uploadId: string }): Promise<void> {
  // The caller's error is the one to report; an upload left behind is for abortUploads or
  // the bucket's lifecycle rule (see docs/operations.md).
  await abortUpload(upload).catch(() => undefined);
}
