import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** One JSON logger per role; Fastify gets the same options so every line looks alike. */
export function createLogger(role: string, config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ name: role, level: config.LOG_LEVEL });
}
