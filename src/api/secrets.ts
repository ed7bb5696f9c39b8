/**
 * What counts as a credential, in one place: field names that look like one (at any depth of any
 * structure), and text that carries one. A real instance names its secrets as it likes
 * (`apiToken`, `accessKeySecret`, `sasUrl`…), so names are matched by the words they are made of, not
 * against a list of known fields.
 */

/** What every masked secret reads as; an instance that reads secrets back masked often uses the same. */
const MASK = "********";

/** Words that make a field a credential wherever they appear in its name (`adminPassword`, `sas_token`). */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "key",
  "keys",
  "apikey",
  "credential",
  "credentials",
  "certificate",
  "cert",
  "pfx",
  "jwt",
  "sas",
  "authorization",
  "authorisation",
]);

/** Run together in names written in one case (`adminpassword`, `connectionstring`). */
const SECRET_FRAGMENTS = [
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "credential",
  "certificate",
  "connectionstring",
  "authorisationcode",
  "authorizationcode",
];

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a field of this name holds a credential: masked wherever it is shown, never written back. */
export function isSecretFieldName(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  const joined = words.join("");
  return SECRET_FRAGMENTS.some((fragment) => joined.includes(fragment));
}

/**
 * Whether a value read back from upstream is a placeholder rather than the secret itself: masked
 * (`********`, `[redacted]`, `•••`), or absent. Such a value must never be sent back as the secret.
 */
export function isUnreadableSecret(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (typeof value !== "string") return false;
  return /^[*•xX#]{3,}$/.test(value.trim()) || /^\[?(redacted|hidden|masked|secret)\]?$/i.test(value.trim());
}

/** A copy of `value` with every credential-named field masked, at any depth (arrays included). */
export function maskSecretFields(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => maskSecretFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // null and "" say "no secret set", which is useful to show and reveals nothing.
    const masked =
      isSecretFieldName(key) && v !== null && v !== "" && typeof v !== "boolean"
        ? MASK
        : maskSecretFields(v, depth + 1);
    // defineProperty: a field named __proto__ from upstream stays a plain field.
    Object.defineProperty(out, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// Bounded: an unbounded run here is quadratic on a long input (a 1 MB id echoed back in an error).
const NAME_CHARS = "[A-Za-z0-9_$.-]{0,40}";
const SECRET_TEXT_PATTERNS: readonly RegExp[] = [
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  // `"somethingPassword": "…"`, `apiKey=…`: a quoted value is taken whole (spaces and escaped quotes
  // included), so a passphrase is not cut short.
  new RegExp(
    `("?${NAME_CHARS}(?:password|passwd|passphrase|secret|token|key|credential|connectionstring|certificate|sas|authorisationcode|authorizationcode)${NAME_CHARS}"?\\s*[:=]\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|"?[^",\\s}]+"?)`,
    "gi",
  ),
  // A SAS signature in a URL.
  /([?&]sig=)[^&\s"]+/gi,
];

/** Removes anything that looks like a credential from text that may be shown to a user or a model. */
export function redactSecrets(text: string): string {
  return SECRET_TEXT_PATTERNS.reduce(
    (out, pattern) =>
      out.replace(pattern, (_match, prefix?: string) =>
        typeof prefix === "string" ? `${prefix}[redacted]` : "[redacted]",
      ),
    text,
  );
}

/**
 * Redacts `text` and cuts it to `max` characters, saying how much was left out. Only a little more
 * than `max` is redacted, so a huge text costs no more than a short one; a secret that begins before
 * the cut is still found whole enough to be masked.
 */
export function redactAndCap(text: string, max: number): string {
  const head = text.length > max + 10_000 ? text.slice(0, max + 10_000) : text;
  const redacted = redactSecrets(head);
  return redacted.length <= max && head === text
    ? redacted
    : `${redacted.slice(0, max)}… (${Math.max(0, text.length - max)} more characters)`;
}
