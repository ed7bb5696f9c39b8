/** migrateclouds:// resources: a connected service's folder, and a transfer. Both follow webhook events. */
import { ProtocolError, ProtocolErrorCode, ResourceTemplate } from "@modelcontextprotocol/server";
import type { McpServer, ReadResourceResult } from "@modelcontextprotocol/server";
import type { MigrateCloudsClient } from "../api/migrateclouds/client.js";
import { SERVICES } from "../api/migrateclouds/schemas.js";
import { MIGRATECLOUDS_URIS } from "../views/uris.js";

const FOLDER_ENTRIES = 200;

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `The folder path segment ${JSON.stringify(segment)} is not valid percent-encoding (UTF-8 bytes as %XX)`,
    );
  }
}

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }] };
}

export function registerMigrateCloudsResources(server: McpServer, client: MigrateCloudsClient): void {
  server.registerResource(
    "cloud-folder",
    new ResourceTemplate("migrateclouds://{service}/files{/path*}", {
      list: async () => ({
        resources: SERVICES.map((s) => ({
          uri: MIGRATECLOUDS_URIS.folder(s, "/"),
          name: `${s} (root)`,
          mimeType: "application/json",
        })),
      }),
      complete: { service: (typed) => SERVICES.filter((s) => s.startsWith(typed.toLowerCase())) },
    }),
    {
      title: "Cloud folder",
      description: `A folder of a connected service (first ${FOLDER_ENTRIES} entries); subscribe to hear of changes (needs a webhook)`,
      mimeType: "application/json",
    },
    async (uri, vars) => {
      const service = String(Array.isArray(vars.service) ? vars.service[0] : vars.service);
      const segments = vars.path === undefined ? [] : Array.isArray(vars.path) ? vars.path : [vars.path];
      const path = `/${segments.map(decodedSegment).join("/")}`;
      const page = await client.listFiles({ service, path, pageSize: FOLDER_ENTRIES });
      return json(uri.href, { service, path, files: page.files, more: page.nextPageToken !== undefined });
    },
  );
  server.registerResource(
    "transfer",
    new ResourceTemplate("migrateclouds://transfers/{transferId}", { list: undefined }),
    {
      title: "Transfer",
      description: "A transfer's status and progress; subscribe to hear of changes (needs a webhook)",
      mimeType: "application/json",
    },
    async (uri, vars) => json(uri.href, await client.getTransfer(String(vars.transferId))),
  );
}
