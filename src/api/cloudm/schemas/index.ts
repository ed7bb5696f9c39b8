/**
 * Wire format of the CloudM Migrate REST API as the client sees it: this folder is the single place
 * where the client writes its shapes down, one file per endpoint group. Requests follow the guide;
 * responses are parsed leniently. Every shape the guide does not show is marked
 * `assumed: not in the guide`; correct those against a real instance's `/openapi/v1.json`.
 */
export * from "./core.js";
export * from "./openapi.js";
export * from "./domains.js";
export * from "./admin.js";
export * from "./schedule.js";
export * from "./scan.js";
export * from "./readiness.js";
export * from "./read-values.js";
export * from "./read-statistics.js";
export * from "./readers.js";
