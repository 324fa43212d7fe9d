import type { ColourTags } from './parse-probe-output.js';

/** The YUV ↔ RGB conversion of a video and the tags written on the output. */
export interface ColourPlan {
  /** swscale matrix name for `in_color_matrix` / `out_color_matrix`. */
  readonly matrix: 'bt601' | 'bt709' | 'bt2020';
  readonly range: 'tv' | 'pc';
  /** Values for `-colorspace`, `-color_primaries`, `-color_trc`, `-color_range`. */
  readonly tags: {
    readonly space: string;
    readonly primaries: string;
    readonly transfer: string;
    readonly range: 'tv' | 'pc';
  };
}

const DEFAULTS = {
  bt601: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m' },
  bt709: { space: 'bt709', primaries: 'bt709', transfer: 'bt709' },
  bt2020: { space: 'bt2020nc', primaries: 'bt2020', transfer: 'bt709' },
} as const;

/**
 * Decodes with the source's matrix and encodes back with the same one, tagging the
 * output so players convert it the same way: colours survive the RGB round trip. An
 * untagged source is read as players read it: BT.709 from 720 lines up, else BT.601.
 */
export function planColour(tags: ColourTags | undefined, height: number): ColourPlan {
  const matrix = matrixOf(tags?.space) ?? (height >= 720 ? 'bt709' : 'bt601');
  const range = tags?.range === 'pc' ? 'pc' : 'tv';
  const defaults = DEFAULTS[matrix];
  return {
    matrix,
    range,
    tags: {
      space: tags?.space ?? defaults.space,
      primaries: tags?.primaries ?? defaults.primaries,
      transfer: tags?.transfer ?? defaults.transfer,
      range,
    },
  };
}

function matrixOf(space: string | undefined): ColourPlan['matrix'] | undefined {
  if (space === 'bt709') return 'bt709';
  if (space === 'smpte170m' || space === 'bt470bg' || space === 'fcc') return 'bt601';
  if (space === 'bt2020nc' || space === 'bt2020c') return 'bt2020';
  return undefined;
}
