import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectStore, createS3Client, startEmbeddedS3 } from '@remaster/storage';
import { trackService } from './start-redis.js';

/** A private S3-compatible server for one test file, with a bucket ready to use. */
export interface StartedS3 {
  /** e.g. `http://127.0.0.1:41375`; pass to `createS3Client({ endpoint })`. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A store on `bucket`, through a client that `stop` destroys. */
  store: ObjectStore;
  /** Stops the server and deletes every object with its temp directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded S3 server (s3rver) in this process on a free loopback
 * port, keeping objects in a new temp directory, with `bucket` created.
 */
export async function startS3(options: { bucket: string }): Promise<StartedS3> {
  const { bucket } = options;
  const region = 'us-east-1';
  const dir = await mkdtemp(join(tmpdir(), 'remaster-s3-'));
  // The server dies with this process; only its files could be left behind.
  const untrack = trackService({
    name: `s3 ${dir}`,
    killNow: () => rmSync(dir, { recursive: true, force: true }),
  });
  // Port 0: the system picks a free port at bind time, so nothing can take it first.
  const s3 = await startEmbeddedS3({ port: 0, directory: dir, buckets: [bucket] });
  const { endpoint, accessKeyId, secretAccessKey } = s3;
  const client = createS3Client({ endpoint, region, accessKeyId, secretAccessKey });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    client.destroy();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
    untrack();
  };
  const store = new ObjectStore({ client, bucket });
  return { endpoint, region, bucket, accessKeyId, secretAccessKey, store, stop };
}
