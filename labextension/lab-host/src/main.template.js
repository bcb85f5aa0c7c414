/**
 * The application: gathers the plugins of the built-in extensions (listed by build.js from the app's
 * package.json, in place of the two markers below) and of the prebuilt ones, then starts JupyterLab.
 */
import { JupyterPluginRegistry, PageConfig } from '@jupyterlab/coreutils';
import { JupyterLab } from '@jupyterlab/application';
import { IConnectionStatus, IServiceManager } from '@jupyterlab/services';
import './style.js';

/** The plugins a module exports (an ES module's default, or CommonJS exports; one or many). */
function pluginsOf(mod) {
  const exported = Object.prototype.hasOwnProperty.call(mod, '__esModule') ? mod.default : mod;
  return Array.isArray(exported) ? exported : [exported];
}

/** Instantiates the module `path` of the federated extension `scope`. */
async function federatedModule(scope, path) {
  const factory = await window._JUPYTERLAB[scope].get(path);
  return factory();
}

/** Built-in extensions, as `[package name, () => module]`, filled in by build.js. */
const builtIn = [
/* EXTENSIONS */
];
const builtInMime = [
/* MIME_EXTENSIONS */
];

export async function main() {
  const federated = JSON.parse(PageConfig.getOption('federated_extensions') || '[]');
  const federatedNames = new Set(federated.map(ext => ext.name));
  const disabled = [];
  const deferred = [];
  const available = [];

  /** Keeps the enabled plugins of `mod`, noting disabled and deferred ones as Lab expects. */
  function enabled(mod, scope) {
    const out = [];
    for (const plugin of pluginsOf(mod)) {
      const off = PageConfig.Extension.isDisabled(plugin.id);
      available.push({
        id: plugin.id,
        description: plugin.description,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        autoStart: plugin.autoStart,
        enabled: !off,
        extension: scope
      });
      if (off) {
        disabled.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) deferred.push(plugin.id);
      out.push(plugin);
    }
    return out;
  }

  /** Modules of built-in and federated extensions of one kind ('extension' or 'mimeExtension'). */
  async function collect(local, key) {
    const plugins = [];
    for (const [name, load] of local) {
      // A prebuilt copy of a built-in extension replaces it, as in JupyterLab.
      if (federatedNames.has(name)) continue;
      try {
        plugins.push(...enabled(load(), name));
      } catch (err) {
        console.error(err);
      }
    }
    const loaded = await Promise.allSettled(
      federated.filter(ext => ext[key]).map(async ext => [ext.name, await federatedModule(ext.name, ext[key])])
    );
    for (const r of loaded) {
      if (r.status === 'fulfilled') plugins.push(...enabled(r.value[1], r.value[0]));
      else console.error(r.reason);
    }
    return plugins;
  }

  const mimeExtensions = await collect(builtInMime, 'mimeExtension');
  const plugins = await collect(builtIn, 'extension');
  const styles = await Promise.allSettled(
    federated.filter(ext => ext.style && !PageConfig.Extension.isDisabled(ext.name)).map(ext => federatedModule(ext.name, ext.style))
  );
  for (const r of styles) if (r.status === 'rejected') console.error(r.reason);

  const pluginRegistry = new JupyterPluginRegistry();
  pluginRegistry.registerPlugins(plugins);
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const patterns = list => list.map(v => v.raw);
  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager,
    connectionStatus,
    mimeExtensions,
    disabled: { matches: disabled, patterns: patterns(PageConfig.Extension.disabled) },
    deferred: { matches: deferred, patterns: patterns(PageConfig.Extension.deferred) },
    availablePlugins: available
  });
  await lab.start({ ignorePlugins: deferred, bubblingKeydown: true });
  if (String(PageConfig.getOption('exposeAppInBrowser')).toLowerCase() === 'true') window.jupyterapp = lab;
}
