import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaError } from './media-error.js';
import { parseProbeOutput } from './parse-probe-output.js';

// Trimmed from `ffprobe -v error -print_format json -show_format -show_streams -count_packets`
// on testsrc2 + sine encoded to mp4 by ffmpeg 5.1.
const VIDEO = {
  index: 0,
  codec_name: 'h264',
  codec_type: 'video',
  width: 64,
  height: 48,
  pix_fmt: 'yuv420p',
  r_frame_rate: '25/1',
  avg_frame_rate: '25/1',
  time_base: '1/12800',
  start_time: '0.000000',
  duration: '2.000000',
  nb_frames: '50',
  nb_read_packets: '50',
  disposition: { default: 1, attached_pic: 0 },
};
const AUDIO = {
  index: 1,
  codec_name: 'aac',
  codec_type: 'audio',
  sample_rate: '44100',
  channels: 1,
  r_frame_rate: '0/0',
  avg_frame_rate: '0/0',
  start_time: '0.000000',
  duration: '2.000000',
  nb_read_packets: '88',
  disposition: { default: 1, attached_pic: 0 },
};
const FORMAT = {
  format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
  start_time: '0.000000',
  duration: '2.000000',
};

function probe(video: object, streams: object[] = [AUDIO], format: object = FORMAT): string {
  return JSON.stringify({ streams: [video, ...streams], format });
}

function mediaErrorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MediaError, `expected a MediaError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected a MediaError');
}

describe('parseProbeOutput', () => {
  it('reads an mp4 with AAC audio', () => {
    assert.deepEqual(parseProbeOutput(probe(VIDEO)), {
      width: 64,
      height: 48,
      fps: { num: 25, den: 1 },
      constantFrameRate: true,
      nominalFps: { num: 25, den: 1 },
      frames: 50,
      durationSeconds: 2,
      startTime: 0,
      videoCodec: 'h264',
      pixelFormat: 'yuv420p',
      bitDepth: 8,
      hasAudio: true,
      audioCodec: 'aac',
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      formatStartTime: 0,
      audioDurationSeconds: 2,
      audioStartTime: 0,
      colour: {},
      subtitleCodecs: [],
    });
  });

  it('counts read packets, not the container frame count', () => {
    const info = parseProbeOutput(probe({ ...VIDEO, nb_frames: '49', nb_read_packets: '50' }, []));
    assert.equal(info.frames, 50);
    assert.equal(info.hasAudio, false);
    assert.equal(info.audioCodec, undefined);
  });

  it('prefers avg_frame_rate and flags a variable rate', () => {
    const vfr = { ...VIDEO, r_frame_rate: '30/1', avg_frame_rate: '1798200/60029' };
    const info = parseProbeOutput(probe(vfr));
    assert.deepEqual(info.fps, { num: 1798200, den: 60029 });
    assert.equal(info.constantFrameRate, false);
  });

  it('falls back to r_frame_rate when avg_frame_rate is 0/0, reduced', () => {
    const info = parseProbeOutput(
      probe({ ...VIDEO, avg_frame_rate: '0/0', r_frame_rate: '60000/2002' }),
    );
    assert.deepEqual(info.fps, { num: 30000, den: 1001 });
    assert.equal(info.constantFrameRate, false);
  });

  it('falls back to the format duration and start time 0 when the stream has none', () => {
    const bare: Partial<typeof VIDEO> = { ...VIDEO };
    delete bare.duration;
    delete bare.start_time;
    const info = parseProbeOutput(probe(bare, [], { ...FORMAT, duration: '2.040000' }));
    assert.equal(info.durationSeconds, 2.04);
    assert.equal(info.startTime, 0);
  });

  it('takes the bit depth from the pixel format, not bits_per_raw_sample', () => {
    const depth = (video: object) => parseProbeOutput(probe(video)).bitDepth;
    // HEVC in mp4 leaves bits_per_raw_sample out; some demuxers print a wrong one.
    assert.equal(depth({ ...VIDEO, pix_fmt: 'yuv420p10le' }), 10);
    assert.equal(depth({ ...VIDEO, pix_fmt: 'yuv420p10le', bits_per_raw_sample: '8' }), 10);
    assert.equal(depth({ ...VIDEO, pix_fmt: 'yuv444p12le' }), 12);
    const untyped: Partial<typeof VIDEO> = { ...VIDEO };
    delete untyped.pix_fmt;
    const info = parseProbeOutput(probe(untyped));
    assert.deepEqual([info.pixelFormat, info.bitDepth], ['unknown', 8]);
  });

  it('reports the displayed size of rotated video', () => {
    const sideData = (rotation: number) => ({
      ...VIDEO,
      side_data_list: [{ side_data_type: 'Display Matrix', rotation }],
    });
    const size = (video: object) => {
      const info = parseProbeOutput(probe(video));
      return [info.width, info.height];
    };
    assert.deepEqual(size(sideData(-90)), [48, 64]);
    assert.deepEqual(size(sideData(90)), [48, 64]);
    assert.deepEqual(size(sideData(180)), [64, 48]);
    assert.deepEqual(size({ ...VIDEO, tags: { rotate: '270' } }), [48, 64]);
  });

  it('rejects audio with cover art as not video', () => {
    const cover = { ...VIDEO, codec_name: 'mjpeg', disposition: { default: 0, attached_pic: 1 } };
    assert.equal(
      mediaErrorCode(() => parseProbeOutput(probe(cover))),
      'INPUT_NOT_VIDEO',
    );
    const audioOnly = JSON.stringify({ streams: [AUDIO], format: FORMAT });
    assert.equal(
      mediaErrorCode(() => parseProbeOutput(audioOnly)),
      'INPUT_NOT_VIDEO',
    );
  });

  it('rejects a video stream without frames as empty', () => {
    const empty = { ...VIDEO, nb_frames: '0', nb_read_packets: '0' };
    assert.equal(
      mediaErrorCode(() => parseProbeOutput(probe(empty))),
      'INPUT_EMPTY',
    );
  });

  it('flags a file with fewer packets than its index declares as truncated, and keeps its size', () => {
    const cut = { ...VIDEO, nb_frames: '50', nb_read_packets: '41' };
    const info = parseProbeOutput(probe(cut, [AUDIO], { ...FORMAT, size: '20000' }));
    assert.equal(info.truncated, true);
    assert.equal(info.frames, 41);
    assert.equal(info.sizeBytes, 20000);
    assert.equal(parseProbeOutput(probe(VIDEO)).truncated, undefined);
  });

  it('tells an AVI with empty index entries (its packets span the whole index) from one cut short', () => {
    const avi = { ...FORMAT, format_name: 'avi' };
    const whole = { ...VIDEO, nb_frames: '50', nb_read_packets: '41', duration: '2.000000' };
    const info = parseProbeOutput(probe(whole, [], avi));
    assert.equal(info.truncated, undefined);
    assert.equal(info.emptyIndexEntries, 9);
    const cut = { ...whole, duration: '1.640000' };
    assert.equal(parseProbeOutput(probe(cut, [], avi)).truncated, true);
    assert.equal(parseProbeOutput(probe(cut, [], avi)).emptyIndexEntries, undefined);
  });

  it('refuses a video stream whose codec ffprobe cannot name as unsupported', () => {
    const unknown: Record<string, unknown> = { ...VIDEO, codec_tag_string: '[0][0][0][0]' };
    delete unknown.codec_name;
    assert.equal(
      mediaErrorCode(() => parseProbeOutput(probe(unknown))),
      'INPUT_CODEC_UNSUPPORTED',
    );
  });

  it('rejects output that is not JSON, or a video without any frame rate', () => {
    assert.equal(
      mediaErrorCode(() => parseProbeOutput('not json')),
      'INPUT_UNREADABLE',
    );
    const noRate = { ...VIDEO, avg_frame_rate: '0/0', r_frame_rate: '0/0' };
    assert.equal(
      mediaErrorCode(() => parseProbeOutput(probe(noRate))),
      'INPUT_UNREADABLE',
    );
  });
});
