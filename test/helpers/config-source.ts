/**
 * The source of the code that reads the configuration: src/config.ts and its parts in src/config/,
 * less the --help texts (help.ts), which name settings without reading them. Tests hold the settings
 * the server documents and declares to what this code reads.
 */
import { readdirSync, readFileSync } from "node:fs";

const src = new URL("../../src/", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, src), "utf8");

export const CONFIG_SOURCE = [
  read("config.ts"),
  ...readdirSync(new URL("config/", src))
    .filter((file) => file.endsWith(".ts") && file !== "help.ts")
    .map((file) => read(`config/${file}`)),
].join("\n");
