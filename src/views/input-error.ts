/** A tool argument that is wrong in a way the schema cannot say (a platform's missing setting, a path outside the allowed directories). */
export class ToolInputError extends Error {}
