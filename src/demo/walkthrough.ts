/**
 * `npm run demo`: a scripted agent session. A real MCP client spawns `migrate-mcp --demo` over stdio
 * (the embedded SIMULATOR) and walks the whole lifecycle, printing each step as an agent sees it.
 * The "human" answering confirmation prompts is this script: it accepts, and says so.
 */
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import type { CallToolResult } from "@modelcontextprotocol/client";

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const entry = fileURLToPath(new URL("../main.js", import.meta.url));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, "--demo", "--log-level", "warn"],
    stderr: "inherit",
  });
  const client = new Client(
    { name: "migrate-mcp-demo", version: "1.0.0" },
    { capabilities: { elicitation: { form: {} } } },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    out(
      `\n  ┌ confirmation asked of the human:\n  │ ${request.params.message.replaceAll("\n", "\n  │ ")}\n  └ the human answers: yes`,
    );
    return { action: "accept", content: { confirm: true } };
  });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    out(`\n▶ ${name} ${JSON.stringify(args)}`);
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    for (const block of result.content)
      if (block.type === "text") out(`  ${block.text.replaceAll("\n", "\n  ")}`);
    if (result.isError) throw new Error(`${name} failed`);
    return result.structuredContent as Record<string, unknown>;
  };
  const waitForRun = async (configurationId: string) => {
    out(`\n▶ wait_for_migration {"configurationId":"${configurationId}"}`);
    let printed = -100;
    const result = (await client.callTool(
      { name: "wait_for_migration", arguments: { configurationId } },
      {
        // Progress notifications, as a client would render a progress bar.
        onprogress: ({ progress, message }) => {
          if (progress < printed + 25 && progress !== 100) return;
          printed = progress;
          out(`  … ${progress}% ${message ?? ""}`);
        },
        timeout: 55_000,
      },
    )) as CallToolResult;
    for (const block of result.content)
      if (block.type === "text") out(`  ${block.text.replaceAll("\n", "\n  ")}`);
    return result.structuredContent as Record<string, unknown>;
  };
  const { tools } = await client.listTools();
  out(`Connected to ${client.getServerVersion()?.title ?? "migrate-mcp"} with ${tools.length} tools.`);
  await call("whoami");
  const source = (await call("create_connection", {
    platform: "Microsoft365",
    name: "Northwind M365 (simulated)",
    connectionType: "Source",
    settings: {
      domainName: "northwind.example",
      adminName: "admin@northwind.example",
      adminPassword: "demo-only",
      testUserName: "amara.adams@northwind.example",
    },
  })) as { connection: { id: number } };
  const destination = (await call("create_connection", {
    platform: "GoogleWorkspace",
    name: "Northwind Google (simulated)",
    connectionType: "Destination",
    settings: {
      domainName: "northwind-g.example",
      adminUsername: "admin@northwind-g.example",
      serviceAccountEmailAddress: "sa@northwind.example",
      key: "demo-only",
      testUsername: "amara.adams@northwind-g.example",
    },
  })) as { connection: { id: number } };
  await call("test_connection", { connectionId: source.connection.id });
  await call("test_connection", { connectionId: destination.connection.id });
  const project = (await call("create_project", {
    name: "Northwind to Google (simulated)",
    sourceConnectionId: source.connection.id,
    destinationConnectionId: destination.connection.id,
  })) as { project: { projectId: string } };
  const batch = (await call("create_batch", {
    projectId: project.project.projectId,
    batchName: "Pilot",
  })) as { batch: { configurationId: string } };
  const configurationId = batch.batch.configurationId;
  await call("add_migration_items", {
    configurationId,
    items: [{ exportName: "ceo@northwind.example", importName: "ceo@northwind-g.example" }],
  });
  const csv = [
    "ExportName,ImportName,ExportObjectType,ImportObjectType,Migrate",
    ...["ben.bauer", "chloe.chen", "dev.diaz", "elena.evans", "farah.fischer", "gus.garcia"].map(
      (u) => `${u}@northwind.example,${u}@northwind-g.example,User,User,true`,
    ),
  ].join("\n");
  await call("import_migration_items", { configurationId, csv });
  await call("update_batch_settings", {
    configurationId,
    general: { folderSelection: "NoDeleted", simultaneousMigrations: 5 },
  });
  await call("start_migration", { configurationId, mode: "CheckUsersOnly" });
  await waitForRun(configurationId);
  // The admin's everyday questions: can I start safely, why did some fail, where is the project.
  await call("preflight_batch", { configurationId });
  await call("start_migration", { configurationId, mode: "StartMigration" });
  const stats = await waitForRun(configurationId);
  await call("triage_failures", { configurationId });
  if (Number((stats.summary as { failedUsers: number }).failedUsers) > 0) {
    await call("start_migration", { configurationId, mode: "RestartFailedUsers" });
    await waitForRun(configurationId);
  }
  await call("summarize_project", { projectId: project.project.projectId });
  // A client that renders no MCP Apps view gets the dashboard as text and figures.
  await call("show_migration_dashboard", { configurationId });
  await call("get_report", { configurationId, reportType: "MigrationSummary" });
  // MigrateClouds: files across clouds, then a confirmed transfer.
  await call("list_cloud_files", { service: "dropbox", path: "/Clients", recursive: true, maxEntries: 10 });
  const transfer = (await call("start_transfer", {
    sourceService: "dropbox",
    sourcePath: "/Clients",
    destinationService: "onedrive",
    destinationPath: "/Clients (from Dropbox)",
    conflictResolution: "rename",
  })) as { transfer: { id: string } };
  for (let status = ""; status !== "completed" && status !== "failed";) {
    await new Promise((r) => setTimeout(r, 1000));
    status = (
      (await call("get_transfer", { transferId: transfer.transfer.id })) as { transfer: { status: string } }
    ).transfer.status;
  }
  out("\nDone: the whole lifecycle ran against the CloudM Migrate and MigrateClouds SIMULATORS.");
  await client.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
