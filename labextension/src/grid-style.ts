/**
 * DataGrid paints on a canvas, so CSS cannot reach it: its colours and fonts are read from the Lab
 * theme's `--jp-*` variables and applied again when the theme changes.
 */
import { DataGrid, RendererMap, TextRenderer, type CellRenderer } from "@lumino/datagrid";
import type { ColumnKind } from "./arrow-rows";
import { formatCell } from "./cell-format";
import { cssVar } from "./theme";

/** Each cell formatted by its column's kind (see cell-format.ts); numbers right-aligned. */
function formatValue(config: CellRenderer.CellConfig): string {
  return formatCell(config.value, { kind: (config.metadata.kind as ColumnKind | undefined) ?? "other" });
}

function alignment(config: CellRenderer.CellConfig): TextRenderer.HorizontalAlignment {
  return config.metadata.numeric ? "right" : "left";
}

/** Styles `grid` after the theme in force around `el`. */
export function styleGrid(grid: DataGrid, el: Element): void {
  const text = cssVar(el, "--jp-content-font-color1", "#000");
  const muted = cssVar(el, "--jp-content-font-color2", "#666");
  const font = cssVar(el, "--jp-code-font-family", "monospace");
  const size = cssVar(el, "--jp-code-font-size", "13px");
  const uiFont = cssVar(el, "--jp-ui-font-family", "sans-serif");
  const background = cssVar(el, "--jp-layout-color0", "#fff");
  const stripe = cssVar(el, "--jp-layout-color1", "#f7f7f7");
  const header = cssVar(el, "--jp-layout-color2", "#eee");
  const border = cssVar(el, "--jp-border-color2", "#ddd");
  grid.style = {
    ...DataGrid.defaultStyle,
    voidColor: background,
    backgroundColor: background,
    rowBackgroundColor: (i: number) => (i % 2 === 0 ? background : stripe),
    gridLineColor: border,
    headerBackgroundColor: header,
    headerGridLineColor: border,
  };
  // Text too long for its cell ends in an ellipsis (the full text shows on hover, see live-table-view.ts).
  // A frame's index (row labels) reads as Jupyter's DataFrame HTML shows one: bold, set apart from the values.
  const isIndex = (c: CellRenderer.CellConfig) => c.metadata.index === true;
  const body = new TextRenderer({
    font: (c: CellRenderer.CellConfig) => (isIndex(c) ? `bold ${size} ${font}` : `${size} ${font}`),
    textColor: (c: CellRenderer.CellConfig) => (isIndex(c) ? muted : text),
    horizontalAlignment: alignment,
    format: formatValue,
    elideDirection: "right",
  });
  const head = new TextRenderer({
    font: (c: CellRenderer.CellConfig) => (c.row === 0 ? `bold ${size} ${uiFont}` : `${size} ${uiFont}`),
    textColor: (c: CellRenderer.CellConfig) => (c.row === 0 ? text : muted),
    horizontalAlignment: alignment,
    elideDirection: "right",
  });
  const rowHead = new TextRenderer({ font: `${size} ${font}`, textColor: muted, horizontalAlignment: "right" });
  grid.cellRenderers = new RendererMap({ body, "column-header": head, "corner-header": head, "row-header": rowHead }, body);
}
