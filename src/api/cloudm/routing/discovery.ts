/**
 * Finds each operation of the endpoint map in an instance's OpenAPI document by what it does, not by
 * our guess of its path. Only operations of the same controller (the first path segment after /api,
 * or a tag) are considered; each is scored:
 *
 *   4 × the words of the longest of our verb phrases found in its action (path after the controller,
 *       and operationId; words split at camelCase, kebab-case and snake_case)   — must be above 0
 *   − 4 × each other verb word its action has ("archive" where we want "rename")
 *   + 2 if its method is ours
 *   + 1 for each of our arguments it takes anywhere (path, query or body; by name, case or alias)
 *   + 1 if it answers the way we expect (a list, or one object)
 *
 * and it is left out when it is a read and we write (or the reverse), or when it requires a path or
 * query parameter none of our arguments fills. An action without any verb word takes its method's (GET: "get" with a
 * path parameter, "list" without; POST "create"; PUT and PATCH "update"; DELETE "delete"). Below a
 * score of 4 nothing is found. Ties go to the operation at one of our candidate paths (in their
 * order), then to the shorter path, then to the path and method in code-point order.
 */
import type { HttpMethod } from "../../http.js";
import { CLOUDM_ENDPOINTS, type CloudMOperation, type EndpointSpec } from "../endpoints.js";
import type { ApiDocument, ApiOperation, ApiSchema } from "../openapi/model.js";
import { assignNames } from "./names.js";

const SCORE_THRESHOLD = 4;

/** A platform endpoint stands in for `{platformEndpoint}`: every platform's controller is alike. */
const SAMPLE_PLATFORM_ENDPOINT = "Microsoft365Connections";
const PLATFORM_SEGMENT = "{platformEndpoint}";

const VERB_WORDS = new Set(
  (
    "list get create add rename archive restore unarchive delete remove update edit save start stop run " +
    "test import upload download export generate schedule unschedule cancel query search mark change set " +
    "check invite login replace purge clear restart retry enable disable send"
  ).split(" "),
);

const LIST_PROPERTIES = new Set(["items", "data", "results", "value", "aadata", "records", "list"]);

/** `getConnectionBatches`, `get-connection-batches`, `Get_Connection_Batches` → get, connection, batches. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Our path with the sample platform in place of `{platformEndpoint}`, to compare with a document's. */
const concrete = (path: string): string => path.replace(PLATFORM_SEGMENT, SAMPLE_PLATFORM_ENDPOINT);

/** A document's path for the sample platform, as a template for every platform. */
export function templated(spec: EndpointSpec, path: string): string {
  if (!spec.path.includes(PLATFORM_SEGMENT)) return path;
  return path
    .split("/")
    .map((s) => (s.toLowerCase() === SAMPLE_PLATFORM_ENDPOINT.toLowerCase() ? PLATFORM_SEGMENT : s))
    .join("/");
}

/** `/api/ConnectionBatches/{configurationId}` → `/api/connectionbatches/{}`: how paths are compared. */
export function shapeOf(path: string): string {
  return path
    .replace(/\{[^}]+\}/g, "{}")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/** The document's operation at our method and path (parameter names aside), if it lists one. */
export function listedOperation(
  document: ApiDocument,
  method: HttpMethod,
  path: string,
): ApiOperation | undefined {
  const shape = shapeOf(concrete(path));
  return document.operations.find((op) => op.method === method && shapeOf(op.path) === shape);
}

/** The controller segment (after /api and a version segment) and the segments after it. */
function split(path: string): { group: string | undefined; action: string[] } {
  const segments = path.split("/").filter(Boolean);
  let i = segments.findIndex((s) => s.toLowerCase() === "api") + 1;
  while (segments[i] !== undefined && /^v\d+(\.\d+)?$/i.test(segments[i] ?? "")) i++;
  return { group: segments[i], action: segments.slice(i + 1) };
}

const isParameter = (segment: string) => segment.startsWith("{");

/** The action's words: the path after the controller, and the operationId without a `Controller_` prefix. */
function actionWords(op: ApiOperation, group: string): { words: string[]; implied: string | undefined } {
  const { action } = split(op.path);
  const [prefix = "", ...rest] = (op.operationId ?? "").split("_");
  const ofController =
    rest.length > 0 && [group, ...op.tags].some((g) => g.toLowerCase() === prefix.toLowerCase());
  const id = ofController ? rest.join("_") : (op.operationId ?? "");
  const words = [...action.filter((s) => !isParameter(s)).flatMap(wordsOf), ...wordsOf(id)];
  if (words.some((w) => VERB_WORDS.has(w))) return { words, implied: undefined };
  const implied =
    op.method === "GET"
      ? action.some(isParameter)
        ? "get"
        : "list"
      : op.method === "POST"
        ? "create"
        : op.method === "DELETE"
          ? "delete"
          : "update";
  return { words, implied };
}

function answerOf(document: ApiDocument, op: ApiOperation): "list" | "one" | undefined {
  const status = Object.keys(op.responses)
    .filter((s) => s.startsWith("2"))
    .sort()[0];
  const schema: ApiSchema | undefined = status === undefined ? undefined : op.responses[status];
  if (!schema) return undefined;
  const resolved = document.resolve(schema);
  if (resolved.types.includes("array")) return "list";
  const lists = Object.entries(resolved.properties ?? {}).some(
    ([name, property]) =>
      LIST_PROPERTIES.has(name.toLowerCase()) && document.resolve(property).types.includes("array"),
  );
  if (lists) return "list";
  return resolved.types.includes("object") || resolved.properties ? "one" : undefined;
}

/**
 * Every name the operation takes a value under; a parameter may be required. A body property we
 * cannot fill does not rule the operation out: the instance's 400 naming it says more than "no route".
 */
function inputsOf(op: ApiOperation): Array<{ name: string; required: boolean }> {
  return [
    ...op.parameters.filter((p) => p.in !== "header").map((p) => ({ name: p.name, required: p.required })),
    ...Object.keys(op.requestBody?.properties ?? {}).map((name) => ({ name, required: false })),
  ];
}

/** Which of the operation's inputs our arguments fill; undefined when one it requires is left empty. */
export function fillable(spec: EndpointSpec, op: ApiOperation): Map<string, unknown> | undefined {
  const inputs = inputsOf(op);
  const taken = assignNames(spec.args, inputs);
  const filled = new Set(taken.values());
  return inputs.some((input) => input.required && !filled.has(input)) ? undefined : taken;
}

function score(
  spec: EndpointSpec,
  document: ApiDocument,
  op: ApiOperation,
  group: string,
): number | undefined {
  const { words, implied } = actionWords(op, group);
  const all = new Set(implied === undefined ? words : [...words, implied]);
  const phrases = spec.verbs.map(wordsOf);
  const matched = Math.max(0, ...phrases.filter((p) => p.every((w) => all.has(w))).map((p) => p.length));
  if (matched === 0) return undefined;
  // Only a verb the action says is another's; one implied by its method is not held against it.
  const ours = new Set(phrases.flat());
  const foreign = new Set(words.filter((w) => VERB_WORDS.has(w) && !ours.has(w))).size;
  const taken = fillable(spec, op);
  if (!taken) return undefined;
  const answer = spec.answer !== undefined && answerOf(document, op) === spec.answer ? 1 : 0;
  return 4 * matched - 4 * foreign + (op.method === spec.method ? 2 : 0) + taken.size + answer;
}

export interface Candidate {
  operation: ApiOperation;
  score: number;
}

/** The document's operations that could be `operation`, best first; empty when none scores enough. */
export function rankOperations(operation: CloudMOperation, document: ApiDocument): Candidate[] {
  const spec: EndpointSpec = CLOUDM_ENDPOINTS[operation];
  const group = split(concrete(spec.path)).group?.toLowerCase();
  if (group === undefined || spec.verbs.length === 0) return [];
  const ourShapes = [spec.path, ...(spec.alternatives ?? [])].map((p) => shapeOf(concrete(p)));
  const rank = (op: ApiOperation) => {
    const i = ourShapes.indexOf(shapeOf(op.path));
    return i === -1 ? ourShapes.length : i;
  };
  const reads = spec.method === "GET";
  const scored: Candidate[] = [];
  for (const op of document.operations) {
    const inGroup =
      split(op.path).group?.toLowerCase() === group || op.tags.some((t) => t.toLowerCase() === group);
    if (!inGroup || (op.method === "GET") !== reads || !["GET", "POST", "PUT", "DELETE"].includes(op.method))
      continue;
    const points = score(spec, document, op, group);
    if (points !== undefined && points >= SCORE_THRESHOLD) scored.push({ operation: op, score: points });
  }
  return scored.sort(
    (a, b) =>
      b.score - a.score ||
      rank(a.operation) - rank(b.operation) ||
      a.operation.path.length - b.operation.path.length ||
      compare(a.operation.path, b.operation.path) ||
      compare(a.operation.method, b.operation.method),
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
