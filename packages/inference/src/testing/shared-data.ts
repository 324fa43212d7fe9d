// Test and benchmark access to the real data in ../shared (models, Set5,
// interpolation triplets). The data is never copied into the repository;
// when the folder is absent the callers skip with the reason below.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@remaster/media';

/** The shared folder beside the repository (packages/inference/src/testing → ../../../../shared). */
export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared');
export const sharedModelsDir = join(sharedDir, 'models');
export const set5Dir = join(sharedDir, 'media/sr/Set5');
export const tripletsDir = join(sharedDir, 'media/vfi_triplets');

/** `false` when `path` exists, else a skip message for node:test naming what is missing. */
export function skipUnless(path: string): string | false {
  return existsSync(path) ? false : `${path} is absent: the shared test data is not mounted here`;
}

/** An rgb24 image in memory. */
export interface Rgb24Image {
  data: Buffer;
  width: number;
  height: number;
}

/** An ffmpeg filter to apply while decoding, with the size it produces. */
export interface DecodeFilter {
  filter: string;
  width: number;
  height: number;
}

/** Decodes an image file to rgb24 with ffmpeg (palette PNGs too), through `filter` when given. */
export async function readRgb24(path: string, filter?: DecodeFilter): Promise<Rgb24Image> {
  const size = filter ?? (await probeSize(path));
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: ['-v', 'error', '-i', path, ...(filter ? ['-vf', filter.filter] : [])].concat([
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]),
  });
  if (stdout.length !== 3 * size.width * size.height) {
    throw new Error(
      `${path} decoded to ${stdout.length} bytes, not ${size.width}x${size.height} rgb24`,
    );
  }
  return { data: stdout, width: size.width, height: size.height };
}

async function probeSize(path: string): Promise<{ width: number; height: number }> {
  const { stdout } = await runProcess({
    command: 'ffprobe',
    args: [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      path,
    ],
  });
  const [width = 0, height = 0] = stdout.toString().trim().split(',').map(Number);
  return { width, height };
}

/** A width×height window of an rgb24 image at (x, y). */
export function crop(
  image: Rgb24Image,
  x: number,
  y: number,
  width: number,
  height: number,
): Rgb24Image {
  const data = Buffer.alloc(3 * width * height);
  for (let row = 0; row < height; row++) {
    const from = 3 * ((y + row) * image.width + x);
    image.data.copy(data, 3 * row * width, from, from + 3 * width);
  }
  return { data, width, height };
}

/** One interpolation triplet: the two outer frames and the true middle one. */
export interface Triplet {
  name: string;
  a: Rgb24Image;
  middle: Rgb24Image;
  b: Rgb24Image;
}

/** The 12 triplets of ../shared/media/vfi_triplets, by folder layout (see its SOURCES.md). */
export const tripletPaths: readonly { name: string; files: [string, string, string] }[] = [
  ...['Beanbags', 'DogDance', 'MiniCooper', 'RubberWhale'].map((name) =>
    middlebury(`middlebury/${name}`),
  ),
  ...['1', '2', '3', '4', '5'].map((name) => ({
    name: `ucf101/${name}`,
    files: ['frame0.png', 'frame1.png', 'frame2.png'].map((f) =>
      join(tripletsDir, 'ucf101', name, f),
    ) as [string, string, string],
  })),
  ...['boxing', 'dolphins', 'kart-turn'].map((name) => middlebury(`davis/${name}`)),
];

function middlebury(name: string): { name: string; files: [string, string, string] } {
  const files = ['frame10.png', 'frame10i11.png', 'frame11.png'].map((f) =>
    join(tripletsDir, name, f),
  );
  return { name, files: files as [string, string, string] };
}

/** Reads one triplet. */
export async function readTriplet(entry: (typeof tripletPaths)[number]): Promise<Triplet> {
  const [a, middle, b] = await Promise.all(entry.files.map((file) => readRgb24(file)));
  return { name: entry.name, a: a!, middle: middle!, b: b! };
}
