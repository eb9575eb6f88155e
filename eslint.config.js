// ESLint flat config: typescript-eslint recommended (type-aware rules stay off to keep `npm test` fast).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "**/node_modules/**",
      "artifacts/**",
      "cache/**",
      "types/**",
      "coverage/**",
      ".devnet/**",
      "circuits/build/**",
      "provider-agent/.devicepack/**",
      "circuits/native/target/**",
      "indexer/lib/**",
      "**/*_js/**",
      "solana/target/**",
      "ton/build/**",
      "ton/wrappers/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", fetch: "readonly", URL: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "prefer-const": ["error", { destructuring: "all" }],
    },
  },
);
