/**
 * The one check of a path given for `callApi`: it must stay under /api/ of the configured instance.
 * Refused with a ValidationError naming `path`, so the caller learns what to change.
 */
import { ValidationError } from "../errors.js";
import { CLOUDM_PROVIDER } from "./endpoints.js";

function refuse(path: string, why: string): never {
  throw new ValidationError(
    `path: '${path}' ${why}`,
    { provider: CLOUDM_PROVIDER, operation: "call_api", fieldErrors: { path: [why] } },
    false,
  );
}

/** Longer than any route; checked first, as the scheme test below is quadratic in the length. */
const API_PATH_MAX_LENGTH = 2_000;

export function checkApiPath(path: string): `/api/${string}` {
  if (path.length > API_PATH_MAX_LENGTH)
    return refuse(
      path.slice(0, 80),
      `is ${path.length} characters long; a path is at most ${API_PATH_MAX_LENGTH}`,
    );
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return refuse(path, "has broken %-encoding");
  }
  const problems = [
    !path.startsWith("/api/") && "must start with /api/ (a path on the configured instance, not a URL)",
    /[a-z][a-z0-9+.-]*:/i.test(decoded) && "must not contain a scheme or host",
    // `..;` is `..` to servers that strip matrix parameters (Tomcat, some proxies).
    decoded.split(/[\\/]/).some((segment) => /^\.\.?(;.*)?$/.test(segment)) &&
      "must not contain . or .. segments",
    (decoded.includes("//") || decoded.includes("\\")) && "must not contain // or backslashes",
    /[?#\s;]/.test(decoded) && "must not contain ?, #, ; or spaces (put parameters in query)",
  ].filter((problem): problem is string => typeof problem === "string");
  if (problems.length > 0) refuse(path, problems.join("; "));
  return path as `/api/${string}`;
}
