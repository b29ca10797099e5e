'use strict';
// electron-builder's beforeBuild hook (electron-builder.yml). electron-builder's own step would run
// @electron/rebuild over the project's node_modules *in place*: node-hid compiled from source
// (@electron/rebuild does not know its pkg-prebuilds), and better-sqlite3 left at Electron's ABI,
// so tests, the CLI and the browser host broke after `npm run dist`. Instead this copies the app's
// run-time packages into .electron-staging/<os>-<arch>/node_modules, rebuilds there only what
// needs Electron's ABI (better-sqlite3), and returns false: electron-builder then neither installs
// nor rebuilds, and takes node_modules from the staging folder (the yml's `files`). The project's
// own node_modules stay at Node's ABI. Decisions: scripts/native-modules.cjs.
const fs = require('node:fs');
const path = require('node:path');
const { describePackages, modulesToRebuild, osKey, productionPackages, stagingDir } = require('./native-modules.cjs');

module.exports = async function beforeBuild({ appDir, electronVersion, platform, arch }) {
  if (!electronVersion) throw new Error('electron-builder did not say which Electron it packages; better-sqlite3 cannot be rebuilt for it');
  // electron-builder passes its Platform object (nodeName: win32, darwin, linux).
  const platformName = typeof platform === 'string' ? platform : platform.nodeName;
  const staging = stagingDir(appDir, osKey(platformName), arch);
  fs.rmSync(staging, { recursive: true, force: true });

  const packages = describePackages(appDir, productionPackages(appDir));
  for (const pkg of packages) {
    // Nested node_modules are packages of their own in the list (only the run-time ones).
    fs.cpSync(path.join(appDir, pkg.dir), path.join(staging, pkg.dir), {
      recursive: true,
      dereference: true,
      filter: (source) => path.relative(path.join(appDir, pkg.dir), source).split(path.sep)[0] !== 'node_modules',
    });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: manifest.name, version: manifest.version, dependencies: manifest.dependencies }, null, 2),
  );

  const rebuildOnly = modulesToRebuild(packages, platformName, arch);
  console.log(
    `anlauf: staged ${packages.length} packages for ${platformName}-${arch}; rebuilding for Electron ${electronVersion}: ${rebuildOnly.join(', ') || 'nothing'}`,
  );
  if (rebuildOnly.length) {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: staging,
      projectRootPath: staging,
      electronVersion,
      platform: platformName,
      arch,
      onlyModules: rebuildOnly,
      force: true,
      mode: 'sequential',
    });
  }
  return false;
};
