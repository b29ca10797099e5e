'use strict';
// The decisions behind scripts/electron-before-build.cjs, as plain functions of the package tree,
// so they are unit-tested without Electron (test/unit/electron-before-build.test.ts).
const fs = require('node:fs');
const path = require('node:path');

/** Reads a package.json, or null. */
function readManifest(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Where Node would find package `name` required from `fromDir` (node_modules up the tree), or null. */
function resolvePackageDir(name, fromDir, root) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (readManifest(candidate)) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

/**
 * The folders of every package the app needs at run time: the project's `dependencies` and,
 * transitively, theirs (optional ones where installed), as Node resolves them. Paths relative to
 * `root`, sorted. Dev dependencies (Electron, the test tools) are never in it.
 */
function productionPackages(root) {
  const found = new Map();
  const visit = (dir) => {
    const manifest = readManifest(dir);
    if (!manifest) return;
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(deps)) {
      const at = resolvePackageDir(name, dir, root);
      if (!at) {
        if (!(manifest.optionalDependencies && name in manifest.optionalDependencies))
          throw new Error(`${name} (needed by ${manifest.name ?? 'the app'}) is not installed`);
        continue;
      }
      const key = path.relative(root, at);
      if (found.has(key)) continue;
      found.set(key, name);
      visit(at);
    }
  };
  visit(root);
  return [...found.keys()].sort();
}

/**
 * Which of the app's packages must be compiled for Electron's ABI on `platform`-`arch`: those with
 * native code (a binding.gyp) that ship no N-API prebuild for that target. N-API binaries
 * (`prebuilds/<name>-<platform>-<arch>`, node-hid's layout from pkg-prebuilds) load in any Node or
 * Electron. better-sqlite3 is built against one ABI, so it is rebuilt; node-hid is not — which
 * @electron/rebuild would do from source, as it knows prebuildify, prebuild-install and
 * node-pre-gyp but not pkg-prebuilds.
 */
function modulesToRebuild(packages, platform, arch) {
  return packages
    .filter((pkg) => pkg.hasBindingGyp)
    .filter((pkg) => !pkg.prebuilds.some((dir) => dir.endsWith(`-${platform}-${arch}`)))
    .map((pkg) => pkg.name)
    .sort();
}

/** The facts `modulesToRebuild` needs, read from the installed packages. */
function describePackages(root, relativeDirs) {
  return relativeDirs.map((relative) => {
    const dir = path.join(root, relative);
    let prebuilds = [];
    try {
      prebuilds = fs.readdirSync(path.join(dir, 'prebuilds'));
    } catch {
      // none
    }
    return { name: readManifest(dir).name, dir: relative, hasBindingGyp: fs.existsSync(path.join(dir, 'binding.gyp')), prebuilds };
  });
}

/** electron-builder's `${os}` for a Node platform name. */
function osKey(platform) {
  return { win32: 'win', darwin: 'mac', linux: 'linux' }[platform] ?? platform;
}

/**
 * The folder the packaged app's node_modules are staged in. electron-builder.yml's `files` names
 * the same with its macros, `.electron-staging/${os}-${arch}/node_modules` (`${platform}` would be
 * the build machine's, not the target's).
 */
function stagingDir(projectDir, os, arch) {
  return path.join(projectDir, '.electron-staging', `${os}-${arch}`);
}

module.exports = { productionPackages, modulesToRebuild, describePackages, stagingDir, osKey, resolvePackageDir };
