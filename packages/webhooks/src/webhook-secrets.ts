import type { RedisClient } from '@remaster/jobs';
import { newWebhookSecret } from './webhook-signature.js';

/** How long deliveries are also signed with the secret a rotation replaced. */
const ROTATION_GRACE_MS = 24 * 3600 * 1000;

interface StoredSecrets {
  readonly current: string;
  readonly previous?: string;
  readonly rotatedAt?: number;
}

export interface TenantSecret {
  readonly secret: string;
  /** Set for a day after a rotation: deliveries carry a signature with this one too. */
  readonly previousSecret?: string;
  readonly previousExpiresAt?: string;
}

/** One webhook signing secret per tenant, made on first use, rotated on request. */
export class WebhookSecrets {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(tenant: string): Promise<TenantSecret> {
    await this.redis.hsetnx(this.key(), tenant, JSON.stringify({ current: newWebhookSecret() }));
    return this.present(await this.read(tenant));
  }

  /** A new secret; the old one keeps signing for a day so receivers can switch over. */
  async rotate(tenant: string): Promise<TenantSecret> {
    const old = await this.read(tenant).catch(() => undefined);
    const next: StoredSecrets = {
      current: newWebhookSecret(),
      previous: old?.current,
      rotatedAt: this.clock(),
    };
    await this.redis.hset(this.key(), tenant, JSON.stringify(next));
    return this.present(next);
  }

  /** The secrets a delivery is signed with now: the current one, and a recently replaced one. */
  async signingSecrets(tenant: string): Promise<string[]> {
    const { secret, previousSecret } = await this.get(tenant);
    return previousSecret ? [secret, previousSecret] : [secret];
  }

  private async read(tenant: string): Promise<StoredSecrets> {
    const stored = await this.redis.hget(this.key(), tenant);
    if (!stored) throw new Error(`tenant ${tenant} has no webhook secret`);
    return JSON.parse(stored) as StoredSecrets;
  }

  private present(stored: StoredSecrets): TenantSecret {
    const expiresAt = (stored.rotatedAt ?? 0) + ROTATION_GRACE_MS;
    if (!stored.previous || expiresAt <= this.clock()) return { secret: stored.current };
    return {
      secret: stored.current,
      previousSecret: stored.previous,
      previousExpiresAt: new Date(expiresAt).toISOString(),
    };
  }

  private key(): string {
    return `${this.prefix}:webhook-secrets`;
  }
}
