import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: e2e files spawn servers, so keep parallelism modest.
    maxWorkers: 2,
    // In CI, also a JSON report, from which .ci/run prints the closing "N passed, N failed" line.
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: ".ci/.vitest-report.json" }]]
      : ["default"],
  },
});
