/** schemas/read-readiness.ts over CloudM's MigrationReadinessScanState and the full profile's runs. */
import { describe, expect, it } from "vitest";
import { readReadinessRun } from "../../src/api/cloudm/schemas/index.js";
import { buildVocabulary, DEFAULT_VOCABULARY, ENUM_NAMES } from "../../src/api/cloudm/vocabulary.js";

const declared = (...names: string[]) => new Map(names.map((name, value) => [value, name]));
const named = buildVocabulary({
  declaredEnums: [declared(...ENUM_NAMES.readinessStatus), declared(...ENUM_NAMES.readinessTestStatus)],
});
const BATCH = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("readReadinessRun", () => {
  const scanState = {
    configurationId: BATCH,
    status: 4,
    lastRunDate: "2026-05-06T10:00:00Z",
    tests: [{ id: 1, title: "Licences", message: "Buy 12 more", status: 3 }],
    hasResults: true,
  };

  it("reads CloudM's MigrationReadinessScanState, integer statuses named from the document", () => {
    expect(readReadinessRun(scanState, named)).toEqual({
      readinessId: undefined,
      projectId: undefined,
      configurationId: BATCH,
      wholeProject: false,
      status: "CompletedWithWarnings",
      statusReported: undefined,
      startedOn: "2026-05-06T10:00:00Z",
      completedOn: undefined,
      tests: [
        { id: "1", title: "Licences", message: "Buy 12 more", status: "Failed", statusReported: undefined },
      ],
    });
  });

  it("keeps statuses no document names as not understood, never as done", () => {
    const run = readReadinessRun(scanState, DEFAULT_VOCABULARY);
    expect(run).toMatchObject({ status: undefined, statusReported: "4" });
    expect(run?.tests[0]).toMatchObject({ status: undefined, statusReported: "3" });
  });

  it("tells a run of the whole project (configurationId null) from one that does not say", () => {
    expect(readReadinessRun({ readinessId: "r", configurationId: null }, named)?.wholeProject).toBe(true);
    expect(readReadinessRun({ readinessId: "r" }, named)?.wholeProject).toBe(false);
  });

  it("takes a start answer that is only the id, and nothing from a bare list", () => {
    expect(readReadinessRun("r-1", named)).toMatchObject({ readinessId: "r-1", tests: [] });
    expect(readReadinessRun([], named)).toBeUndefined();
    expect(readReadinessRun("Started", named)).toBeUndefined();
  });
});
