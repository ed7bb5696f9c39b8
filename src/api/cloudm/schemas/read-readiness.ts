/**
 * Readiness runs, however the instance shapes them: CloudM's own `MigrationReadinessScanState`
 * (`configurationId`, `status`, `lastRunDate`, `tests: [{ id, title, message, status }]`, `hasResults`)
 * first, then the names the full simulator answers with (`readinessId`, `projectId`, `startedOn` …).
 * Statuses are named through the vocabulary; one it cannot name is kept as sent, never taken as done.
 */
import type { Vocabulary } from "../vocabulary.js";
import { readBareId, readNamed } from "./read-group.js";
import { field, isObject, type Json, readId, readString } from "./read-values.js";

export interface ReadinessTestRecord {
  id: string | undefined;
  title: string | undefined;
  message: string | undefined;
  /** One of CloudM's test statuses, or undefined when not given or not understood. */
  status: string | undefined;
  statusReported: string | undefined;
}

export interface ReadinessRunRecord {
  readinessId: string | undefined;
  projectId: string | undefined;
  configurationId: string | undefined;
  /** True when the answer says, with an explicit null batch, that the run checks the whole project. */
  wholeProject: boolean;
  /** One of CloudM's readiness statuses, or undefined when not given or not understood. */
  status: string | undefined;
  statusReported: string | undefined;
  startedOn: string | undefined;
  completedOn: string | undefined;
  tests: ReadinessTestRecord[];
}

/** Whether `raw` has `name` (in any case) set to null: "none", as opposed to not saying. */
function saysNull(raw: Json, name: string): boolean {
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
  return key !== undefined && raw[key] === null;
}

function readTest(raw: unknown, vocabulary: Vocabulary): ReadinessTestRecord | undefined {
  if (!isObject(raw)) return undefined;
  const status = readNamed(vocabulary, "readinessTestStatus", field(raw, ["status", "result", "state"]));
  return {
    id: readId(field(raw, ["id", "testId", "name"])),
    title: readString(field(raw, ["title", "name", "displayName"])),
    message: readString(field(raw, ["message", "details", "description"])),
    status: status.name,
    statusReported: status.reported,
  };
}

/** A run the answer says nothing of, but what is filled in. */
const NOTHING: ReadinessRunRecord = {
  readinessId: undefined,
  projectId: undefined,
  configurationId: undefined,
  wholeProject: false,
  status: undefined,
  statusReported: undefined,
  startedOn: undefined,
  completedOn: undefined,
  tests: [],
};

/** A run, or a start answer that is only its id; undefined when it is neither. */
export function readReadinessRun(raw: unknown, vocabulary: Vocabulary): ReadinessRunRecord | undefined {
  if (!isObject(raw)) {
    const readinessId = readBareId(raw);
    return readinessId === undefined ? undefined : { ...NOTHING, readinessId };
  }
  const status = readNamed(vocabulary, "readinessStatus", field(raw, ["status", "state", "readinessStatus"]));
  const tests = field(raw, ["tests", "results", "checks"]);
  return {
    readinessId: readId(field(raw, ["readinessId", "id", "runId", "scanId"])),
    projectId: readId(field(raw, ["projectId"])),
    configurationId: readId(field(raw, ["configurationId"])),
    wholeProject: saysNull(raw, "configurationId"),
    status: status.name,
    statusReported: status.reported,
    startedOn: readString(field(raw, ["startedOn", "lastRunDate", "startDate", "start"])),
    completedOn: readString(field(raw, ["completedOn", "endDate", "end"])),
    tests: (Array.isArray(tests) ? tests : [])
      .map((t) => readTest(t, vocabulary))
      .filter((t): t is ReadinessTestRecord => t !== undefined),
  };
}
