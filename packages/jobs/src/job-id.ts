import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

/**
 * `job_` + 10 characters of millisecond time + 16 random characters. Ids sort by
 * creation time as plain strings, which is what the tenant's job list relies on.
 */
export function newJobId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i += 1) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += ALPHABET[byte % 32]!;
  return `job_${time}${random}`;
}

export function isJobId(value: string): boolean {
  return /^job_[0-9a-z]{26}$/.test(value);
}
