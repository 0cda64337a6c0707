#!/usr/bin/env node
// The development entry point: runs the TypeScript sources through tsx when they have no manifest.
import {execute} from '@oclif/core/execute'

await execute({development: true, dir: import.meta.url})
