import type { ObjectStore } from '@remaster/storage';
import { parseS3Url } from '@remaster/storage';

/** Presigned URLs handed to ffmpeg must outlive the longest chunk or stitch. */
const MEDIA_URL_TTL_SECONDS = 6 * 3600;

/**
 * Turns a job's input URL into one ffprobe and ffmpeg read directly: s3:// becomes a
 * presigned GET signed for S3_ENDPOINT, the address the service itself reaches S3 by
 * (ffmpeg seeks with ranged reads, nobody copies the whole file);
 * http(s) passes through.
 */
export function mediaUrlResolver(objects: ObjectStore): (inputUrl: string) => Promise<string> {
  return async (inputUrl) => {
    if (!inputUrl.startsWith('s3://')) return inputUrl;
    const { bucket, key } = parseS3Url(inputUrl);
    return objects.presignInternalGet(bucket, key, MEDIA_URL_TTL_SECONDS);
  };
}
