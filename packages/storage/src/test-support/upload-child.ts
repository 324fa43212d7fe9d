// A process for resumable-upload.test.ts to SIGKILL in the middle of an upload: it uploads
// one file part by part, one at a time, each part held back a little so the test can
// catch it half-way. Arguments: one JSON object (endpoint, bucket, key, path, partSize).
import { createS3Client } from '../s3-client.js';
import { ObjectStore } from '../object-store.js';

interface ChildArgs {
  endpoint: string;
  bucket: string;
  key: string;
  path: string;
  partSize: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const client = createS3Client({
  endpoint: args.endpoint,
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
});
client.middlewareStack.add(
  (next) => async (input) => {
    await new Promise((resolve) => setTimeout(resolve, 40));
    return next(input);
  },
  { step: 'initialize' },
);
const store = new ObjectStore({ client, bucket: args.bucket });
await store.putFileResumable(args.key, args.path, { partSize: args.partSize, partsInFlight: 1 });
client.destroy();
