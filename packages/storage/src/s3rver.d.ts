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
    }
  }

  class S3rver {
    constructor(options?: S3rver.Options);
    /** Creates the configured buckets, then listens. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Where objects are kept; read by every request handler. */
    store: S3rver.Store;
    /** Set once `run` has started listening. */
    httpServer?: Server;
  }

  export = S3rver;
}
