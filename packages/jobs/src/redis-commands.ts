import { readFileSync, readdirSync } from 'node:fs';
import type { RedisClient } from './redis-connection.js';

/**
 * The atomic steps that take more than one Redis command, one Lua file each in
 * `commands/`, named `<name>-<number of keys>.lua` with a KEYS/ARGV header (as BullMQ
 * keeps its own). They are read once per process and defined once per client, so ioredis
 * sends each by its SHA (EVALSHA, falling back to loading it when the server lost it).
 */
export const COMMAND_NAMES = [
  'transition',
  'claimOutbox',
  'settleOutbox',
  'trimIndex',
  'acquireSlot',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

interface Command {
  readonly numberOfKeys: number;
  readonly lua: string;
}

const COMMANDS_DIR = new URL('./commands/', import.meta.url);
let loaded: Map<string, Command> | undefined;

/** The command files by name, read once. */
export function commands(): Map<string, Command> {
  loaded ??= new Map(
    readdirSync(COMMANDS_DIR)
      .filter((file) => file.endsWith('.lua'))
      .map((file) => {
        const match = /^(\w+)-(\d+)\.lua$/.exec(file);
        if (!match) throw new Error(`${file}: a command file is named <name>-<keys>.lua`);
        const lua = readFileSync(new URL(file, COMMANDS_DIR), 'utf8');
        return [match[1]!, { numberOfKeys: Number(match[2]), lua }] as const;
      }),
  );
  return loaded;
}

const defined = new WeakSet<RedisClient>();

/** Runs one command of `commands/`; throws when the key count does not match its file. */
export async function runCommand(
  redis: RedisClient,
  name: CommandName,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const command = commands().get(name);
  if (!command) throw new Error(`no Redis command file for ${name} in ${COMMANDS_DIR.pathname}`);
  if (keys.length !== command.numberOfKeys)
    throw new Error(`${name} takes ${command.numberOfKeys} keys, given ${keys.length}`);
  if (!defined.has(redis)) {
    for (const [commandName, { numberOfKeys, lua }] of commands())
      redis.defineCommand(commandName, { numberOfKeys, lua });
    defined.add(redis);
  }
  const call = (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
  return call.call(redis, ...keys, ...args);
}
