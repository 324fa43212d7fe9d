import { runProcess } from '@remaster/media';

/** Downloads a job output URL and decodes every frame to rgb24. */
export async function decodeOutput(url: string, width: number, height: number): Promise<Buffer[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      '-nostdin',
      '-v',
      'error',
      '-i',
      url,
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
  });
  const size = width * height * 3;
  if (stdout.length % size !== 0)
    throw new Error(
      `decoded ${stdout.length} bytes, not a whole number of ${width}x${height} frames`,
    );
  return Array.from({ length: stdout.length / size }, (_, k) =>
    stdout.subarray(k * size, (k + 1) * size),
  );
}
