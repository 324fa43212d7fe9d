import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { RemasterApiError, RemasterClient, RemasterConnectionError } from '@remaster/sdk';
import type { JobStatus } from '@remaster/sdk';
import { buildRequest } from './build-request.js';
import { CliError } from './cli-error.js';
import { formatJob, formatJobTable, formatModelTable, formatQuote } from './format-job.js';
import { formatKeyResult, runKeyCommand } from './key-command.js';
import { progressWriter } from './progress-line.js';
import { USAGE } from './usage.js';

/** Where the CLI writes and what it reads; the process's own by default. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C while waiting. */
  readonly signal?: AbortSignal;
  /** Where `key hash` reads a key given on no command line. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

const DEFAULT_API = 'http://127.0.0.1:8080';

const OPTIONS = {
  api: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  fps: { type: 'string' },
  factor: { type: 'string' },
  upscale: { type: 'string' },
  height: { type: 'string' },
  model: { type: 'string' },
  'sr-model': { type: 'string' },
  'vfi-model': { type: 'string' },
  dedupe: { type: 'boolean' },
  deinterlace: { type: 'string' },
  ivtc: { type: 'string' },
  deflicker: { type: 'string' },
  denoise: { type: 'string' },
  'denoise-model': { type: 'string' },
  deblock: { type: 'string' },
  'deblock-model': { type: 'string' },
  preview: { type: 'string' },
  chunk: { type: 'string' },
  codec: { type: 'string' },
  crf: { type: 'string' },
  container: { type: 'string' },
  'bit-depth': { type: 'string' },
  webhook: { type: 'string' },
  'idempotency-key': { type: 'string' },
  wait: { type: 'boolean' },
  out: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  tenant: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Flags = ReturnType<typeof parse>['values'];

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}

/** Runs one command line; answers the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (error) {
      throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
    }
    const { values: flags, positionals } = parsed;
    const [command, ...args] = positionals;
    if (flags.help || command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command === undefined) throw new CliError(`no command given\n\n${USAGE}`);
    if (command === 'key') return await key(args, flags, io);
    const client = clientFrom(flags, io.env);
    return await dispatch({ command, args, flags, client, io });
  } catch (error) {
    io.stderr.write(`remaster: ${describe(error, io.env, argv)}\n`);
    return 1;
  }
}

interface Context {
  command: string;
  args: string[];
  flags: Flags;
  client: RemasterClient;
  io: CliIo;
}

async function dispatch(context: Context): Promise<number> {
  const { command, args, flags, client, io } = context;
  const print = (value: unknown, text: () => string) =>
    io.stdout.write(`${flags.json ? JSON.stringify(value, null, 2) : text()}\n`);
  switch (command) {
    case 'submit':
      return submit(context);
    case 'quote': {
      const source = one(args, 'quote <file|url> [submit options]');
      const request = buildRequest('pending', flags);
      // An https:// input is probed by the planner, through the SSRF guard: not uploaded.
      const remote = /^(s3|https?):\/\//i.test(source);
      if (!remote && !flags.json) io.stderr.write(`uploading ${source}\n`);
      request.input.url = remote ? source : (await client.upload(source)).url;
      const quote = await client.quote(request);
      print(quote, () => formatQuote(quote));
      return 0;
    }
    case 'status': {
      const job = await client.get(one(args, 'status <id>'));
      print(job, () => formatJob(job));
      return 0;
    }
    case 'cancel': {
      const job = await client.cancel(one(args, 'cancel <id>'));
      print(job, () => `${job.id} ${job.status}`);
      return 0;
    }
    case 'jobs': {
      none(args, 'jobs');
      const page = await client.list({
        status: flags.status as JobStatus | undefined,
        limit: flags.limit === undefined ? undefined : Number(flags.limit),
        cursor: flags.cursor,
      });
      print(page, () =>
        [formatJobTable(page.items), page.nextCursor && `more: --cursor ${page.nextCursor}`]
          .filter(Boolean)
          .join('\n'),
      );
      return 0;
    }
    case 'models': {
      none(args, 'models');
      const models = await client.models();
      print(models, () => formatModelTable(models));
      return 0;
    }
    default:
      throw new CliError(`unknown command "${command}"; run remaster --help`);
  }
}

async function submit({ args, flags, client, io }: Context): Promise<number> {
  const source = one(args, 'submit <file|url>');
  const request = buildRequest('pending', flags);
  const remote = /^(s3|https?):\/\//i.test(source);
  if (!remote && !flags.json) io.stderr.write(`uploading ${source}\n`);
  request.input.url = remote ? source : (await client.upload(source)).url;
  let job = await client.submit(request, { idempotencyKey: flags['idempotency-key'] });
  if (!flags.wait && flags.out === undefined) {
    io.stdout.write(flags.json ? `${JSON.stringify(job, null, 2)}\n` : `${job.id}\n`);
    return 0;
  }
  if (!flags.json) io.stderr.write(`submitted ${job.id}\n`);
  const progress = progressWriter(io.stderr);
  try {
    job = await client.wait(job.id, { onProgress: (j) => progress.update(j), signal: io.signal });
  } catch (error) {
    if (io.signal?.aborted)
      throw new CliError(`stopped waiting; ${job.id} goes on (remaster cancel ${job.id} stops it)`);
    throw error;
  } finally {
    progress.done();
  }
  if (job.status === 'completed' && flags.out !== undefined) {
    job = await client.download(job, flags.out, { signal: io.signal });
    if (!flags.json) io.stderr.write(`downloaded ${flags.out}\n`);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(job, null, 2)}\n` : `${formatJob(job)}\n`);
  if (job.status === 'completed') return 0;
  const reason = job.error ? `: ${job.error.code}: ${job.error.message}` : '';
  io.stderr.write(`remaster: job ${job.id} ${job.status}${reason}\n`);
  return 1;
}

/** `key generate|hash`: needs no server. */
async function key(args: string[], flags: Flags, io: CliIo): Promise<number> {
  const fromStdin = args[0] === 'hash' && args.length === 1 && io.stdin && !io.stdin.isTTY;
  const stdinKey = fromStdin ? await readAll(io.stdin) : undefined;
  const result = runKeyCommand({ args, tenant: flags.tenant, stdinKey });
  io.stdout.write(
    `${flags.json ? JSON.stringify(result, null, 2) : formatKeyResult(result, flags.tenant)}\n`,
  );
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

function clientFrom(flags: Flags, env: NodeJS.ProcessEnv): RemasterClient {
  const baseUrl = flags.api ?? env.REMASTER_API_URL ?? DEFAULT_API;
  const apiKey = flags.key ?? env.REMASTER_API_KEY;
  if (!apiKey)
    throw new CliError(
      'no API key: pass --key KEY or set REMASTER_API_KEY (npm start prints one; API_KEYS sets them)',
    );
  try {
    new URL(baseUrl);
  } catch {
    throw new CliError(`--api must be a URL such as ${DEFAULT_API}, not "${baseUrl}"`);
  }
  return new RemasterClient({ baseUrl, apiKey });
}

function one(args: string[], usage: string): string {
  if (args.length !== 1 || !args[0]) throw new CliError(`usage: remaster ${usage}`);
  return args[0];
}

function none(args: string[], usage: string): void {
  if (args.length > 0) throw new CliError(`usage: remaster ${usage} takes no arguments`);
}

/** One line that says what went wrong and, where it helps, what to do. */
function describe(error: unknown, env: NodeJS.ProcessEnv, argv: readonly string[]): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof RemasterApiError) {
    const hint = error.status === 401 ? ' (check --key or REMASTER_API_KEY)' : '';
    return `${error.message} [${error.code}, HTTP ${error.status}]${hint}`;
  }
  if (error instanceof RemasterConnectionError) {
    const flagged = argv.includes('--api') || env.REMASTER_API_URL !== undefined;
    return `${error.message}; is the API running?${flagged ? '' : ' Set --api or REMASTER_API_URL'}`;
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
    return `${error.message.replace(/^ENOENT: /, '')}: give an existing file or an s3:// or https:// URL`;
  return error instanceof Error ? error.message : String(error);
}
