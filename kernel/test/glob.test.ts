/**
 * The glob of `history_request` searches (src/glob.ts): SQLite `GLOB` semantics, as IPython's history
 * search uses, and no exponential backtracking on patterns that wedged the old regular expression.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileGlob, globMatch } from "../src/glob";
import { History } from "../src/history";

describe("globMatch", () => {
  it("matches the whole input, case-sensitively", () => {
    assert.equal(globMatch("abc", "abc"), true);
    assert.equal(globMatch("abc", "abcd"), false);
    assert.equal(globMatch("bc", "abc"), false);
    assert.equal(globMatch("ABC", "abc"), false);
    assert.equal(globMatch("", ""), true);
    assert.equal(globMatch("", "a"), false);
  });

  it("`*` matches any run, newlines included, and `**` is `*`", () => {
    assert.equal(globMatch("*", ""), true);
    assert.equal(globMatch("*", "any\nthing"), true);
    assert.equal(globMatch("*map(*", "src\n  .map((x) => x * 2)"), true);
    assert.equal(globMatch("a*b*c", "aXXbYYc"), true);
    assert.equal(globMatch("a*b*c", "aXXbYY"), false);
    assert.equal(globMatch("a**c", "ac"), true);
    assert.equal(globMatch("*ab", "aab"), true);
    assert.equal(globMatch("*ab*ab", "abxabyab"), true);
  });

  it("`?` matches exactly one code point", () => {
    assert.equal(globMatch("a?c", "abc"), true);
    assert.equal(globMatch("a?c", "ac"), false);
    assert.equal(globMatch("a?c", "a\nc"), true);
    assert.equal(globMatch("?", "😀"), true); // one code point, two UTF-16 units
    assert.equal(globMatch("??", "😀"), false);
    assert.equal(globMatch("*?", ""), false);
  });

  it("`[...]` matches one character of a set, as SQLite reads it", () => {
    assert.equal(globMatch("[abc]x", "bx"), true);
    assert.equal(globMatch("[abc]x", "dx"), false);
    assert.equal(globMatch("[a-c]", "b"), true);
    assert.equal(globMatch("[a-c]", "d"), false);
    assert.equal(globMatch("[^a-c]", "d"), true);
    assert.equal(globMatch("[^a-c]", "b"), false);
    assert.equal(globMatch("[]]", "]"), true); // `]` first stands for itself
    assert.equal(globMatch("[^]]", "]"), false);
    assert.equal(globMatch("[a-]", "-"), true); // `-` last stands for itself
    assert.equal(globMatch("[-a]", "-"), true); // and first
    assert.equal(globMatch("x[", "x["), false); // an unclosed `[` matches nothing
    assert.equal(globMatch("*[0-9]", "cell 7"), true);
  });

  it("treats everything else, backslash and regex syntax included, as literal", () => {
    assert.equal(globMatch("a.c", "abc"), false);
    assert.equal(globMatch("a.c", "a.c"), true);
    assert.equal(globMatch("\\*", "\\x"), true); // no escapes: `\` then `*`
    assert.equal(globMatch("(x)+$^|{}", "(x)+$^|{}"), true);
  });

  it("finishes on patterns that backtrack exponentially as a regular expression", () => {
    const input = "// " + "a".repeat(40);
    assert.equal(globMatch("*a".repeat(14) + "b", input), false);
    assert.equal(globMatch("*a".repeat(14), input), true);
    assert.equal(globMatch("*a".repeat(14) + "*b", input + "b"), true);
    const long = "x".repeat(20000);
    assert.equal(globMatch("*x*x*x*x*x*x*x*x*y", long), false);
  });

  it("compiles once for many inputs", () => {
    const isCell = compileGlob("cell ?");
    assert.deepEqual(["cell 1", "cell 22", "cell x"].map(isCell), [true, false, true]);
  });
});

describe("History search", () => {
  it("answers a pathological search with no match instead of wedging", () => {
    const h = new History();
    h.add(1, "// " + "a".repeat(40), null);
    h.add(2, "const b = 1", null);
    assert.deepEqual(h.reply({ hist_access_type: "search", pattern: "*a".repeat(14) + "b" }), { status: "ok", history: [] });
    assert.deepEqual(h.reply({ hist_access_type: "search", pattern: "*b*" }), { status: "ok", history: [[1, 2, "const b = 1"]] });
  });
});
