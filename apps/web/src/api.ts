// Every data call of the page goes through the /v1 API with the key as a Bearer token.
import type { Job } from '@remaster/sdk/api-types';
import { SseParser } from './sse.js';

const KEY_ITEM = 'remaster.apiKey';

/** The pasted API key; sessionStorage, so it is gone when the tab closes. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY_ITEM);
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY_ITEM, key.trim());
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(KEY_ITEM);
}

/** An error answer of the API: its status and its own `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Told when the API says the key is missing or wrong (the page then asks for one). */
let onUnauthorized: (error: ApiError) => void = () => undefined;
export function whenUnauthorized(handler: (error: ApiError) => void): void {
  onUnauthorized = handler;
}

function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** A JSON call to the API; a non-2xx answer throws its ApiError. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      ...authHeaders(),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw toApiError(response.status, response.statusText, json);
  return json as T;
}

function toApiError(status: number, statusText: string, json: unknown): ApiError {
  const body = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const error = new ApiError(status, body?.code ?? `HTTP_${status}`, body?.message ?? statusText);
  if (status === 401) onUnauthorized(error);
  return error;
}

/**
 * Streams a file to POST /v1/uploads (raw body) and answers its s3:// URL. XMLHttpRequest,
 * not fetch: only it reports upload progress.
 */
export function uploadFile(
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ url: string; sizeBytes: number }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/v1/uploads?filename=${encodeURIComponent(file.name)}`);
    for (const [name, value] of Object.entries(authHeaders()))
      request.setRequestHeader(name, value);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    request.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload was interrupted'));
    request.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(request.responseText);
      } catch {
        json = undefined;
      }
      if (request.status === 201) resolve(json as { url: string; sizeBytes: number });
      else reject(toApiError(request.status, request.statusText, json));
    };
    request.send(file);
  });
}

/**
 * The job as GET /v1/jobs/:id/events streams it: each `job` event, until the stream ends
 * (after the final state) or `signal` aborts.
 */
export async function* jobEvents(id: string, signal: AbortSignal): AsyncGenerator<Job> {
  const response = await fetch(`/v1/jobs/${encodeURIComponent(id)}/events`, {
    headers: { ...authHeaders(), accept: 'text/event-stream' },
    signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    throw toApiError(response.status, response.statusText, text ? JSON.parse(text) : undefined);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const event of parser.push(value)) {
      if (event.event === 'job') yield JSON.parse(event.data) as Job;
    }
  }
}
