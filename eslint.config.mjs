// Lint rules for the whole tree (`npm run lint`). Type-aware: typescript-eslint reads each file's own
// tsconfig through its project service. Formatting is Prettier's job (`npm run format`), not ESLint's.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/lib/**",
      "labextension/streamz_ts_labextension/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Types are imported as types, so the emitted JavaScript never loads a module only for its types.
      // (`import("x").T` in a type stays allowed: it names a type of a module that is loaded lazily.)
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      // A `require` is deliberate here (a module loaded only when needed): each says why, in a disable comment.
      "@typescript-eslint/no-require-imports": "error",
      "@typescript-eslint/no-import-type-side-effects": "error",
      // One import per module, except `import "x"` for its side effects beside `import type { T } from "x"`
      // (an import whose names are all types is erased, side effects and all).
      "no-duplicate-imports": ["error", { allowSeparateTypeImports: true }],
      // A promise nobody awaits or catches loses its error: back pressure and failures travel in promises here.
      // Exceptions: node:test's test()/describe() (the runner awaits them) and Stream.emit/flush, whose
      // result is the back-pressure signal a caller may ignore on purpose (fire and forget, as in streamz).
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"],
            },
            { from: "file", name: ["emit", "flush"] },
            { from: "package", package: "@streamz-ts/core", name: ["emit", "flush"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/prefer-optional-chain": "error",
      "@typescript-eslint/no-for-in-array": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests load fixtures and workers by path at run time.
    files: ["**/test/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
