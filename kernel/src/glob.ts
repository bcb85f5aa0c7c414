/**
 * Glob matching for `history_request` searches, in linear-ish time.
 *
 * ipykernel answers a search with IPython's `HistoryAccessor.search`, which runs
 * `WHERE source_raw GLOB ?` in SQLite with the client's pattern as given (the `*…*` wrapping belongs to
 * the `%history -g` magic, not to the protocol). So the semantics here are SQLite's `GLOB`:
 *
 * - the pattern must match the whole input;
 * - `*` matches any run of characters (newlines too), `?` exactly one character;
 * - `[...]` matches one character of a set: ranges `a-z`, `^` first for negation, `]` first and `-`
 *   first or last stand for themselves; a `[` with no closing `]` makes the pattern match nothing;
 * - everything else, backslash included, stands for itself; case matters;
 * - a character is a Unicode code point (SQLite reads UTF-8), not a UTF-16 unit.
 *
 * A regular expression built from the glob backtracks exponentially on patterns such as
 * `*a*a*a…*ab` against a long run of `a`s; the matcher here is the two-pointer wildcard algorithm
 * (on a mismatch, go back to the last `*` and let it swallow one more character), which needs at most
 * O(pattern × input) steps.
 */

/** One step of a compiled pattern: `*`, or a test of exactly one character. */
type Token = "*" | ((ch: string) => boolean);

/**
 * Compiles a glob once, for testing many inputs.
 *
 * @param pattern - the glob, with SQLite `GLOB` semantics (see the module comment).
 * @returns a predicate that is true when the glob matches the whole of its argument.
 */
export function compileGlob(pattern: string): (input: string) => boolean {
  const tokens = tokenize(pattern);
  if (tokens === undefined) return () => false;
  return (input) => matchTokens(tokens, Array.from(input));
}

/**
 * Whether `pattern` matches the whole of `input`, with SQLite `GLOB` semantics.
 *
 * @example globMatch("*map(*", "src.map((x) => x * 2)") // true
 */
export function globMatch(pattern: string, input: string): boolean {
  return compileGlob(pattern)(input);
}

/** The pattern's tokens, or undefined when a `[` is never closed (SQLite then matches nothing). */
function tokenize(pattern: string): Token[] | undefined {
  const p = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*") {
      if (tokens[tokens.length - 1] !== "*") tokens.push("*"); // `**` is `*`
    } else if (c === "?") {
      tokens.push(() => true);
    } else if (c === "[") {
      const set = parseSet(p, i + 1);
      if (set === undefined) return undefined;
      tokens.push(set.test);
      i = set.end;
    } else {
      tokens.push((ch) => ch === c);
    }
  }
  return tokens;
}

/**
 * Parses a `[...]` set whose body starts at `start`, as SQLite's `patternCompare` reads it.
 * Returns the test and the index of the closing `]`, or undefined when there is none.
 */
function parseSet(p: string[], start: number): { test: (ch: string) => boolean; end: number } | undefined {
  let i = start;
  let invert = false;
  if (p[i] === "^") {
    invert = true;
    i++;
  }
  const singles = new Set<string>();
  const ranges: [number, number][] = [];
  if (p[i] === "]") {
    singles.add("]");
    i++;
  }
  let prior: number | undefined; // the code point before a possible `-`, as SQLite's prior_c
  for (; i < p.length && p[i] !== "]"; i++) {
    const c = p[i]!;
    if (c === "-" && prior !== undefined && i + 1 < p.length && p[i + 1] !== "]") {
      ranges.push([prior, p[i + 1]!.codePointAt(0)!]);
      prior = undefined;
      i++;
    } else {
      singles.add(c);
      prior = c.codePointAt(0)!;
    }
  }
  if (i >= p.length) return undefined;
  const test = (ch: string): boolean => {
    const cp = ch.codePointAt(0)!;
    const seen = singles.has(ch) || ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
    return seen !== invert;
  };
  return { test, end: i };
}

/** The two-pointer wildcard match of whole `input` (code points) against `tokens`. */
function matchTokens(tokens: readonly Token[], input: readonly string[]): boolean {
  let t = 0;
  let s = 0;
  let star = -1; // index of the last `*` seen, or -1
  let starS = 0; // where in the input that `*` started to swallow
  while (s < input.length) {
    const tok = tokens[t];
    if (tok === "*") {
      star = t++;
      starS = s;
    } else if (tok?.(input[s]!)) {
      t++;
      s++;
    } else if (star >= 0) {
      t = star + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (tokens[t] === "*") t++;
  return t === tokens.length;
}
