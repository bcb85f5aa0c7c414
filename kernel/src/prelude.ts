/**
 * What every cell can use without an import: the views of `@streamz-ts/widgets` (`stream.chart()`,
 * `.table()`, `.output()`) and `display(x)`. The kernel loads the package at start (its comm targets
 * must answer before any cell runs), so the methods exist at run time; the type checker also has to
 * know them, and `display` has to be a global. Both come from the copy of the package that the
 * notebook's folder resolves, the one a cell's own `import` would load; a folder without it gets the
 * kernel's own copy at run time and no extra declarations.
 */

const WIDGETS = "@streamz-ts/widgets";

/** What every cell gets. */
export interface Prelude {
  /** Declarations added before every cell's own (see `converters.ts`). */
  declarations: string;
  /** The widgets package to load: the notebook folder's copy, else the kernel's own. */
  widgetsPath: string;
}

/** The prelude for cells run from `cwd`. Loads nothing: the kernel loads the package once its bridge is up. */
export function preludeFor(cwd: string): Prelude {
  try {
    const widgetsPath = require.resolve(WIDGETS, { paths: [cwd] });
    const name = JSON.stringify(WIDGETS);
    return { declarations: `import ${name};\ndeclare global {\n  var display: typeof import(${name}).display;\n}\n`, widgetsPath };
  } catch {
    return { declarations: "", widgetsPath: require.resolve(WIDGETS) };
  }
}

/**
 * Loads the widgets package (registering its comm targets on the kernel bridge, which must be up) and
 * makes `display` global. tslab rewrites a name declared before the cell into `exports.name`, so it
 * goes into the executor's `exports` (`locals`) as well as on `globalThis`.
 */
export function loadWidgets(prelude: Prelude, locals: Record<string, unknown>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const widgets = require(prelude.widgetsPath) as { display: (value: unknown) => void };
  (globalThis as Record<string, unknown>).display = widgets.display;
  locals.display = widgets.display;
}
