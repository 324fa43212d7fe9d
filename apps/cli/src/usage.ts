export const USAGE = `Usage: remaster <command> [options]

Commands:
  submit <file|url>   Upload a local file (or use an s3:// or https:// URL) and submit a job
      --upscale 2|4       super-resolution factor        --height N    exact output height
      --fps N             target frame rate (60, 60000/1001)
      --factor N          multiply the source frame rate (2, 2.5)
      --model ID          model for the one operation     --sr-model ID, --vfi-model ID
      --dedupe            treat repeated frames (old film) as missing; with --fps or --factor
    restoration, before upscaling and retiming (a job may do only this):
      --deinterlace auto|off|frame|field   auto (default): split interlaced fields into frames
      --ivtc auto|off     auto (default): undo 3:2 pulldown (29.97 telecined → 23.976)
      --deflicker auto|off|S   even out brightness, strength S 0–1 (auto 0.8; default off)
      --denoise auto|off|σ     remove grain: σ 0–50 (5 light, 15 heavy), auto estimates it
      --denoise-model ID  a 1x restoration model (remaster models); else the default or nlmeans
      --deblock on|off    remove compression blocking   --deblock-model ID
      --preview START[:SECONDS]  render only that span (default 5 s) with the whole plan
      --chunk N           source frames per chunk
      --codec h264|hevc|av1   --crf N   --container mp4|mkv|webm
      --bit-depth 8|10    output bits per sample (default 10 for sources above 8 bits, else 8)
      --webhook URL       receive signed job.completed/failed/canceled events
      --idempotency-key K repeat safely: the same key and body give the same job
      --wait              follow progress until the job ends (exit 1 if it fails)
      --out PATH          wait, then download the result to PATH
  quote <file|url>    Predict frames, size, time and bytes of a job (the submit options; a file
                      is uploaded, an s3:// or https:// URL probed where it is); runs nothing
  status <id>         Show one job
  jobs                List jobs, newest first   [--status S] [--limit N] [--cursor C]
  cancel <id>         Cancel a queued or running job
  models              List the models jobs may name
  key generate        Make a new API key and its hashed API_KEYS entry   [--tenant T]
  key hash [KEY]      Hash a key (argument or stdin) for API_KEYS / ADMIN_API_KEYS   [--tenant T]

Options:
  --api URL   API base URL (env REMASTER_API_URL, default http://127.0.0.1:8080)
  --key KEY   API key (env REMASTER_API_KEY; \`npm start\` prints one)
  --json      print JSON instead of text, for scripts
  -h, --help  show this help
`;
