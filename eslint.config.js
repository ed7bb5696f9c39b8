// ESLint flat config: typescript-eslint's type-aware recommended rules plus the house rules of STYLE.md.
import eslint from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "build/**", "node_modules/**", "bench/results/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-exports": [
        "error",
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    // A request's era and its client's capabilities are decided once, by callerOf (tools/caller.ts),
    // from what server.ts records at initialize; everything below reads the Caller it is handed.
    files: ["src/**/*.ts"],
    ignores: ["src/tools/caller.ts", "src/server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.property.name='mcpReq'][property.name='envelope']",
          message: "Read the era and capabilities from the Caller (callerOf in src/tools/caller.ts)",
        },
        {
          selector: "MemberExpression[property.name='getClientCapabilities']",
          message: "Read the capabilities from the Caller (callerOf in src/tools/caller.ts)",
        },
      ],
    },
  },
  {
    files: ["bench/**/*.mjs", "scripts/**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests may assert presence with `!` right after checking it.
    files: ["test/**/*.ts", "bench/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["eslint.config.js", "vitest.config.ts"],
    rules: { "no-restricted-exports": "off" },
  },
);
