// s3rver ships no types; this covers the part of its API that embedded-s3.ts uses.
declare module 's3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    interface BucketConfig {
      name: string;
      /** CORS or website configuration documents (XML). */
      configs?: (string | Buffer)[];
    }

    interface Options {
      address?: string;
      port?: number;
      silent?: boolean;
      directory?: string;
      resetOnClose?: boolean;
      allowMismatchedSignatures?: boolean;
      vhostBuckets?: boolean;
      serviceEndpoint?: string;
      configureBuckets?: BucketConfig[];
    }

    /** Options of the filesystem store's listing (a subset). */
    interface ListOptions {
      prefix?: string;
      delimiter?: string;
      startAfter?: string;
      maxKeys?: number;
    }

    /** The filesystem store behind the server (a subset). */
    interface Store {
      listObjects(bucket: string, options: ListOptions): Promise<unknown>;
      /** A bucket-level resource folder when `key` is undefined, e.g. `uploads`. */
      getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    }

    /** The part of a Koa context that the added middleware uses. */
    interface Context {
      method: string;
      /** The request path, still URL-encoded. */
      path: string;
      query: Record<string, string | string[] | undefined>;
      status: number;
      /** A plain object is encoded as XML by s3rver's own middleware. */
      body: unknown;
    }

    type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;
  }

  class S3rver {
    constructor(options?: S3rver.Options);
    /** Creates the configured buckets, then listens. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Where objects are kept; read by every request handler. */
    store: S3rver.Store;
    /** Koa's middleware list, run in order; the router is the last one. */
    middleware: S3rver.Middleware[];
    /** Set once `run` has started listening. */
    httpServer?: Server;
  }

  export = S3rver;
}
