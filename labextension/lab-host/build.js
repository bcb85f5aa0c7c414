#!/usr/bin/env node
/**
 * Builds the JupyterLab frontend of this host into app/: app/static (bundles and the index.html
 * template jupyterlab_server renders), app/schemas (plugin settings schemas), app/themes (theme CSS).
 * The app's extensions, shared packages and singletons come from package.json, which mirrors
 * JupyterLab's own manifest (@jupyterlab/core-meta) plus the ipywidgets manager.
 *
 * Skips the build when app/ is newer than package-lock.json and the files under src/; `--force` builds
 * anyway. Usage: `node build.js [--force]` (from the scripts: `npm run build --prefix labextension/lab-host`).
 */
'use strict';
const fs = require('fs-extra');
const path = require('path');
const rspack = require('@rspack/core');
const { merge } = require('webpack-merge');
const { Build } = require('@jupyter/builder');
const baseConfig = require('@jupyter/builder/lib/webpack.config.base');

const here = __dirname;
const appDir = path.join(here, 'app');
const staticDir = path.join(appDir, 'static');
const genDir = path.join(here, 'build-src');
const stamp = path.join(appDir, 'build-stamp.json');
const pkg = require('./package.json');
const { extensions, mimeExtensions, singletonPackages } = pkg.jupyterlab;

function upToDate() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  const inputs = ['package-lock.json', 'package.json', 'build.js', ...fs.readdirSync(path.join(here, 'src')).map(f => path.join('src', f))];
  return inputs.every(f => fs.statSync(path.join(here, f)).mtimeMs < built);
}

/** The installed package.json of `name`, or null when it is not installed. */
function installed(name) {
  const file = path.join(here, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? fs.readJSONSync(file) : null;
}

/** `[name, () => require(name/entry)]` lines for main.js. */
function loaderLines(map) {
  return Object.entries(map)
    .map(([name, entry]) => `  [${JSON.stringify(name)}, () => require(${JSON.stringify(entry ? `${name}/${entry}` : name)})],`)
    .join('\n');
}

/**
 * Module-federation sharing: every package the app pins (overrides) or that an extension depends on is
 * offered to prebuilt extensions; singletons (lumino, Lab tokens, @jupyter-widgets/base) exist once.
 */
function sharedConfig() {
  const shared = {};
  const offer = (name, range) => {
    if (shared[name] || !installed(name)) return;
    shared[name] = { requiredVersion: range };
  };
  for (const [name, spec] of Object.entries(pkg.overrides)) offer(name, /^\d/.test(spec) ? `~${spec}` : spec);
  for (const name of [...Object.keys(extensions), ...Object.keys(mimeExtensions)]) {
    const data = installed(name);
    offer(name, `~${data.version}`);
    for (const [dep, range] of Object.entries(data.dependencies || {})) offer(dep, range);
  }
  for (const name of singletonPackages) {
    if (shared[name]) shared[name].singleton = true;
    else if (installed(name)) shared[name] = { singleton: true, requiredVersion: `^${installed(name).version}` };
  }
  return shared;
}

function generateSources() {
  fs.emptyDirSync(genDir);
  fs.copySync(path.join(here, 'src', 'bootstrap.js'), path.join(genDir, 'bootstrap.js'));
  const main = fs
    .readFileSync(path.join(here, 'src', 'main.template.js'), 'utf8')
    .replace('/* EXTENSIONS */', loaderLines(extensions))
    .replace('/* MIME_EXTENSIONS */', loaderLines(mimeExtensions));
  fs.writeFileSync(path.join(genDir, 'main.js'), main);
  // Writes build-src/style.js (every extension's CSS), copies schemas into app/schemas, and returns
  // one rspack config per theme package (their CSS lands in app/themes).
  return Build.ensureAssets({
    packageNames: [...new Set([...Object.keys(extensions), ...Object.keys(mimeExtensions)])],
    output: genDir,
    schemaOutput: appDir,
    themeOutput: appDir
  });
}

function appConfig() {
  return merge(baseConfig, {
    mode: 'production',
    context: here,
    entry: { main: path.join(genDir, 'bootstrap.js') },
    output: { path: staticDir, publicPath: 'auto', filename: '[name].[contenthash].js', clean: true },
    optimization: { minimize: false },
    devtool: false,
    performance: { hints: false },
    externals: ['ws'],
    resolve: { modules: [path.join(here, 'node_modules'), 'node_modules'] },
    plugins: [
      new rspack.container.ModuleFederationPlugin({
        name: 'CORE_FEDERATION',
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        shared: sharedConfig()
      })
    ]
  });
}

/** index.html for jupyterlab_server: the template with the entry chunks' script tags. */
function writeIndex(stats) {
  const files = stats.entrypoints.main.assets.map(a => (typeof a === 'string' ? a : a.name)).filter(f => f.endsWith('.js'));
  const tags = files.map(f => `<script defer src="{{ page_config.fullStaticUrl }}/${f}"></script>`).join('\n');
  const html = fs.readFileSync(path.join(here, 'src', 'index.template.html'), 'utf8').replace('<!-- SCRIPTS -->', tags);
  fs.writeFileSync(path.join(staticDir, 'index.html'), html);
}

function run(configs) {
  return new Promise((resolve, reject) => {
    rspack(configs, (err, multi) => {
      if (err) return reject(err);
      if (multi.hasErrors()) return reject(new Error(multi.toString({ all: false, errors: true })));
      resolve(multi.stats[0].toJson({ all: false, entrypoints: true, assets: true }));
    });
  });
}

async function main() {
  if (upToDate() && !process.argv.includes('--force')) {
    console.log('streamz-ts: lab-host app/ is up to date');
    return;
  }
  const started = Date.now();
  fs.removeSync(stamp);
  const themes = generateSources();
  const stats = await run([appConfig(), ...themes]);
  writeIndex(stats);
  fs.writeJSONSync(stamp, { builtAt: new Date().toISOString(), jupyterlab: pkg.jupyterlab.version });
  console.log(`streamz-ts: JupyterLab ${pkg.jupyterlab.version} built into lab-host/app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
