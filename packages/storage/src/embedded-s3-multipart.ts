import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type S3rver from 's3rver';

/** One part of an unfinished upload, as s3rver keeps it: `<n>` and `<n>.md5` in its folder. */
interface StoredPart {
  number: number;
  etag: string;
  size: number;
  modified: Date;
}

/**
 * Adds the three multipart calls s3rver 3.7.1 lacks, so resumable uploads can be tested
 * against it: ListMultipartUploads (`GET /bucket?uploads`, its `prefix` honoured), ListParts
 * (`GET /bucket/key?uploadId=…`, its `part-number-marker` honoured) and AbortMultipartUpload
 * (`DELETE /bucket/key?uploadId=…`). s3rver answers them NotImplemented or 405. They read
 * the folders its own CreateMultipartUpload and UploadPart write (`<bucket>/._S3rver_uploads/
 * <uploadId>/`: `key`, `metadata`, one file per part and its `.md5`). A part whose `.md5`
 * is missing is still being written (or its writer died) and is not listed, as on S3.
 * Listings are never truncated, like the server's object listings (see embedded-s3.ts).
 */
export function addMultipartListings(server: S3rver): void {
  const handle: S3rver.Middleware = async (ctx, next) => {
    const [bucket, ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined;
    if (!bucket) return next();
    const uploads = server.store.getResourcePath(bucket, undefined, 'uploads');
    if (ctx.method === 'GET' && key === '' && 'uploads' in ctx.query) {
      const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
      ctx.body = await listUploadsXml(uploads, bucket, prefix);
    } else if (key !== '' && uploadId !== undefined && ['GET', 'DELETE'].includes(ctx.method)) {
      const dir = join(uploads, uploadId);
      if ((await readText(join(dir, 'key'))) !== key) {
        ctx.status = 404;
        ctx.body = {
          Error: { Code: 'NoSuchUpload', Message: 'no such upload', UploadId: uploadId },
        };
      } else if (ctx.method === 'DELETE') {
        await rm(dir, { recursive: true, force: true });
        ctx.status = 204;
      } else {
        const marker = Number(ctx.query['part-number-marker'] ?? 0);
        const parts = (await storedParts(dir)).filter((p) => p.number > marker);
        ctx.body = listPartsXml({ bucket, key, uploadId, parts });
      }
    } else {
      return next();
    }
  };
  // Before the router (the last middleware), after the one that encodes bodies as XML.
  server.middleware.splice(server.middleware.length - 1, 0, handle);
}

async function listUploadsXml(uploads: string, bucket: string, prefix: string): Promise<object> {
  const ids = await readdir(uploads).catch(() => []);
  const found = await Promise.all(
    ids.map(async (id) => {
      const key = await readText(join(uploads, id, 'key'));
      const initiated = await stat(join(uploads, id, 'key')).catch(() => undefined);
      return key === undefined || !key.startsWith(prefix) || !initiated
        ? []
        : [{ Key: key, UploadId: id, Initiated: initiated.mtime.toISOString() }];
    }),
  );
  const list = found
    .flat()
    .sort((a, b) => a.Key.localeCompare(b.Key) || a.UploadId.localeCompare(b.UploadId));
  return {
    ListMultipartUploadsResult: {
      Bucket: bucket,
      Prefix: prefix,
      MaxUploads: 1000,
      IsTruncated: false,
      Upload: list.map((u) => ({ ...u, StorageClass: 'STANDARD' })),
    },
  };
}

function listPartsXml(upload: {
  bucket: string;
  key: string;
  uploadId: string;
  parts: StoredPart[];
}): object {
  return {
    ListPartsResult: {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      MaxParts: 10000,
      IsTruncated: false,
      Part: upload.parts.map((p) => ({
        PartNumber: p.number,
        LastModified: p.modified.toISOString(),
        ETag: `"${p.etag}"`,
        Size: p.size,
      })),
    },
  };
}

async function storedParts(dir: string): Promise<StoredPart[]> {
  const names = await readdir(dir).catch(() => []);
  const parts = await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name): Promise<StoredPart[]> => {
        const etag = await readText(join(dir, `${name}.md5`));
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (etag === undefined || !info) return [];
        return [{ number: Number(name), etag, size: info.size, modified: info.mtime }];
      }),
  );
  return parts.flat().sort((a, b) => a.number - b.number);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
