/**
 * Demuxers a source may be opened with: self-contained containers only. Without this
 * list ffmpeg picks the demuxer from the bytes, and a playlist or list format (HLS, DASH,
 * concat, SDP/RTP…) uploaded as `clip.mp4` makes ffprobe and ffmpeg fetch whatever URLs
 * it names, internal and metadata addresses included (SSRF past the egress guard).
 * Names are ffmpeg's demuxer names; `mov` covers mp4/m4v/3gp, `matroska` covers WebM.
 */
export const SOURCE_FORMATS = [
  'mov',
  'matroska',
  'mpegts',
  'avi',
  'flv',
  'mpeg',
  'asf',
  'ogg',
  'mxf',
  'nut',
  'ivf',
  'yuv4mpegpipe',
  'h264',
  'hevc',
  'm4v',
  'mpegvideo',
] as const;

/** Input options that go before `-i <source>` (and before ffprobe's URL). */
export function sourceInputArgs(): string[] {
  return ['-format_whitelist', SOURCE_FORMATS.join(',')];
}
