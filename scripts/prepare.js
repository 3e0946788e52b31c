#!/usr/bin/env node
// `npm ci` and `npm pack` build the TypeScript. An install without development
// dependencies (`npm ci --omit=dev`) has no compiler: it says so and goes on, and the
// built tool then comes from a packed tarball (`npm pack`), which carries dist/.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'prepare: TypeScript is not installed (--omit=dev?): the build is skipped; install a packed tarball to run without it\n',
  );
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, '..', 'tsconfig.build.json')], { stdio: 'inherit' });
// The built-in rules, compiled once and stored beside the code (src/extract/rule-cache.ts).
execFileSync(process.execPath, [path.join(__dirname, '..', 'dist', 'extract', 'build-cache.js')], { stdio: 'inherit' });
