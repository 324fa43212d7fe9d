#!/usr/bin/env node
import { runCli } from './cli.js';

const controller = new AbortController();
process.once('SIGINT', () => {
  // A wait stops and says how to cancel; anything else just ends.
  controller.abort();
  setTimeout(() => process.exit(130), 1000).unref();
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
  stdin: process.stdin,
});
