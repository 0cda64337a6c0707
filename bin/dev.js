#!/usr/bin/env node
// The development entry point: runs the TypeScript sources through tsx when they have no manifest.
const {join} = require('node:path')

require('@oclif/core/execute').execute({development: true, dir: join(__dirname, '..')})
