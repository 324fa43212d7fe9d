import type { ModelSession } from './model-session.js';

/**
 * Keeps one session per key (a model id, or an id and a variant) for the life
 * of the process: creating a session (and on GPU, its memory arena) per job
 * would cost seconds each.
 */
export class ModelCache {
  private readonly sessions = new Map<string, Promise<ModelSession>>();
  private readonly ready = new Map<string, ModelSession>();

  /**
   * Returns the session for `id`, calling `loader` only the first time.
   * Concurrent callers share one load; a failed load is forgotten so a
   * later call can retry it.
   */
  get(id: string, loader: () => Promise<ModelSession>): Promise<ModelSession> {
    const cached = this.sessions.get(id);
    if (cached !== undefined) return cached;
    const loading = loader();
    this.sessions.set(id, loading);
    loading.then(
      (session) => {
        if (this.sessions.get(id) === loading) this.ready.set(id, session);
      },
      () => {
        if (this.sessions.get(id) === loading) this.sessions.delete(id);
      },
    );
    return loading;
  }

  /** The sessions loaded so far, by model id (loads still in progress are left out). */
  loaded(): ReadonlyMap<string, ModelSession> {
    return this.ready;
  }

  /** Releases every session (e.g. on worker shutdown) and empties the cache. */
  async close(): Promise<void> {
    const loads = [...this.sessions.values()];
    this.sessions.clear();
    this.ready.clear();
    // A failed load has nothing to release; its error was already reported to its caller.
    for (const result of await Promise.allSettled(loads)) {
      if (result.status === 'fulfilled') await result.value.session.release();
    }
  }
}
