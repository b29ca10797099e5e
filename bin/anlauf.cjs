#!/usr/bin/env node
'use strict';
// The `anlauf` command. The program itself is bundled into dist/ by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('anlauf: not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
