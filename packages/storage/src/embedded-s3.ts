// An import cannot pull in an ambient module declaration, and without this
// reference packages that type-check this file from source (@remaster/testing)
// would not see the s3rver types.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import S3rver from 's3rver';
import { addMultipartListings } from './embedded-s3-multipart.js';

/** Where and how to run the embedded S3 server. */
export interface EmbeddedS3Options {
  /** Port to listen on; 0 lets the system pick a free one (see `endpoint`). */
  port: number;
  /** Loopback by default: the server checks no signatures, so keep it private. */
  host?: string;
  /** Directory that holds the buckets and objects (created if missing). */
  directory: string;
  /** Buckets created before the server starts listening. */
  buckets: readonly string[];
}

/** A running embedded S3 server and the credentials it accepts. */
export interface EmbeddedS3 {
  /** Base URL for `createS3Client({ endpoint })`, e.g. `http://127.0.0.1:4568`. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stops listening and drops open connections; the directory is left as is. */
  close(): Promise<void>;
}

/**
 * Runs s3rver 3.7.1, an S3-compatible server that keeps objects as plain
 * files, inside this process. For local runs and tests only: it does not
 * verify SigV4 signatures, only that the access key is `S3RVER`.
 *
 * Checked against @aws-sdk/client-s3 3.1175 on Node 20: single and multipart
 * PUT, ranged GET (`bytes=100-`, `bytes=100-199`), presigned GET and HEAD,
 * HeadObject, HeadBucket, ListObjectsV2, DeleteObject(s), and ListMultipartUploads,
 * ListParts and AbortMultipartUpload, which s3rver lacks and embedded-s3-multipart.ts
 * adds. Known gaps:
 * - a suffix range (`bytes=-100`) is served as `bytes=0-100`;
 * - DeleteObjects answers 500 for keys that read as numbers or booleans
 *   (`123`, `000001`, `true`) and trims spaces around keys, because it
 *   parses the XML body with value coercion (keys made by object-keys.ts
 *   never look like that; DeleteObject, singular, is unaffected);
 * - listings are never paginated (see below);
 * - CompleteMultipartUpload checks neither the parts' ETags nor their minimum size.
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const { port, host = '127.0.0.1', directory, buckets } = options;
  const server = new S3rver({
    address: host,
    port,
    directory,
    silent: true,
    // We always use path-style URLs; without this, s3rver reads any host
    // name other than an IP or "localhost" as a virtual-host bucket name.
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  returnWholeListings(server);
  addMultipartListings(server);
  const address = await server.run();
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    endpoint: `http://${urlHost}:${address.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    close: async () => {
      const closed = server.close();
      // close() alone waits for clients that keep connections open (an
      // unfinished download, a keep-alive socket mid-request).
      server.httpServer?.closeAllConnections();
      await closed;
    },
  };
}

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which the
 * OpenSSL 3 inside Node >= 17 refuses (ERR_OSSL_EVP_UNSUPPORTED): any listing
 * of more than one page (1000 keys) answers 500. Lifting the store's page
 * cap means no page is ever truncated, so no token is ever made; the cost is
 * that MaxKeys is ignored.
 */
function returnWholeListings(server: S3rver): void {
  const { store } = server;
  const listObjects = store.listObjects.bind(store);
  store.listObjects = (bucket, listOptions) =>
    listObjects(bucket, { ...listOptions, maxKeys: Infinity });
}
