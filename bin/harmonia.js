#!/usr/bin/env node
import module from 'node:module';

// Node >= 22.1 caches compiled code between runs; on Node 20 it does not exist.
module.enableCompileCache?.();
const { run } = await import('../dist/bundle/main.js');
await run();
