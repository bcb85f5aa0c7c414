/**
 * First code of the page. Prebuilt (federated) extensions must join the shared-module scope before any
 * JupyterLab module runs, so that one copy of each shared package (lumino, @jupyter-widgets/base, ...)
 * is picked for everyone. So: read the page config, load each extension's remoteEntry, let it join the
 * scope, and only then import the application (main.js).
 */

/** The JSON page config that jupyterlab_server writes into index.html. */
function pageConfig() {
  const node = document.getElementById('jupyter-config-data');
  return node ? JSON.parse(node.textContent || '{}') : {};
}

/** Resolves when the script at `url` has run. */
function addScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.async = true;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.src = url;
    document.head.appendChild(script);
  });
}

/** Loads one extension's container and offers it the shared scope (it may also add to it). */
async function joinExtension(baseUrl, ext) {
  await addScript(`${baseUrl}/${ext.name}/${ext.load}`);
  await __webpack_init_sharing__('default');
  const container = window._JUPYTERLAB[ext.name];
  await container.init(__webpack_share_scopes__.default);
}

async function start() {
  const config = pageConfig();
  const extensions = config.federated_extensions || [];
  const results = await Promise.allSettled(
    extensions.map(ext => joinExtension(config.fullLabextensionsUrl, ext))
  );
  for (const r of results) {
    if (r.status === 'rejected') console.error(r.reason);
  }
  const { main } = await import('./main.js');
  if (document.readyState === 'complete') void main();
  else window.addEventListener('load', () => void main());
}

void start();
