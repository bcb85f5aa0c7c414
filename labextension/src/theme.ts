/**
 * Reading the JupyterLab theme from its CSS variables (`--jp-*`), and hearing when it changes, for the
 * parts that cannot be styled with CSS: canvas-drawn tables and Vega charts.
 */

/** Value of a CSS variable on `el` (inherited from the Lab theme), or `fallback` when unset. */
export function cssVar(el: Element, name: string, fallback: string): string {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * Calls `onChange` whenever the Lab switches theme (JupyterLab sets `data-jp-theme-name` on `<body>`).
 * Returns a function that stops listening.
 */
export function onThemeChange(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-name", "data-jp-theme-light"] });
  return () => observer.disconnect();
}
