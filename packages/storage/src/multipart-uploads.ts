import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

/** The object a multipart upload writes. */
export interface UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
}

/** Upload ids of the unfinished multipart uploads of exactly `key`, oldest first. */
export async function listUploads(target: UploadTarget): Promise<string[]> {
  const found: { id: string; initiated: number }[] = [];
  let marker: { KeyMarker?: string; UploadIdMarker?: string } = {};
  for (;;) {
    const page = await target.client.send(
      new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: target.key, ...marker }),
    );
    for (const upload of page.Uploads ?? []) {
      if (upload.Key === target.key && upload.UploadId !== undefined)
        found.push({ id: upload.UploadId, initiated: upload.Initiated?.getTime() ?? 0 });
    }
    if (!page.IsTruncated) break;
    marker = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
  }
  return found.sort((a, b) => a.initiated - b.initiated).map((u) => u.id);
}

/** Aborts every unfinished multipart upload of exactly `key`; returns how many there were. */
export async function abortUploads(target: UploadTarget): Promise<number> {
  const ids = await listUploads(target);
  for (const uploadId of ids) await abortUpload({ ...target, uploadId });
  return ids.length;
}

/** Aborts one multipart upload; one already gone is not an error. */
export async function abortUpload(upload: UploadTarget & { uploadId: string }): Promise<void> {
  try {
    await upload.client.send(
      new AbortMultipartUploadCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
      }),
    );
  } catch (error) {
    if (errorName(error) !== 'NoSuchUpload') throw error;
  }
}

/** The SDK names an S3 error by its code (`NoSuchUpload`, `NoSuchKey`, …). */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
