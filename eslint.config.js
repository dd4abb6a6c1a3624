// One lint config for the whole monorepo: typescript-eslint's type-checked rules.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noAppImports = {
  patterns: [
    {
      group: ["**/apps/*", "@em/web", "@em/admin-api", "@em/realmd", "@em/cli"],
      message:
        "Nothing imports from apps/*: move shared wire shapes to @em/contracts and shared client code to @em/client.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      ".tools/**",
      ".data/**",
      "**/*.js",
      "**/*.mjs",
      "**/vitest.config.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-restricted-imports": ["error", noAppImports],
    },
  },
  {
    files: ["packages/contracts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          ...noAppImports,
          patterns: [
            ...noAppImports.patterns,
            { group: ["@em/*"], message: "@em/contracts depends on zod only." },
          ],
        },
      ],
    },
  },
);
