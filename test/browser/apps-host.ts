/**
 * A minimal MCP Apps host page, as hosts render views: the view's HTML in a sandboxed iframe (scripts,
 * no same origin) under the CSP its resource declares, an AppBridge over postMessage, and the host's
 * MCP client reached through `hostCallTool` (the test's real client; a desktop host's client lives
 * outside its renderer too). It records what the view asks of the host for the test to read.
 */
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
import type { CallToolRequest, CallToolResult } from "@modelcontextprotocol/client";

interface HostWindow extends Window {
  hostCallTool: (params: CallToolRequest["params"]) => Promise<CallToolResult>;
  openView: (id: string, html: string, csp: string, result: CallToolResult) => Promise<void>;
  closeView: (id: string) => Promise<void>;
  asked: { messages: unknown[]; modelContext: unknown[] };
}

const host = window as unknown as HostWindow;
const bridges = new Map<string, { bridge: AppBridge; frame: HTMLIFrameElement }>();
host.asked = { messages: [], modelContext: [] };

host.openView = async (id, html, csp, result) => {
  const frame = document.createElement("iframe");
  frame.id = id;
  frame.setAttribute("sandbox", "allow-scripts");
  frame.style.cssText = "width:760px;height:600px;border:1px solid #ccc";
  frame.srcdoc = html.replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`);
  document.body.append(frame);
  const view = frame.contentWindow as Window;
  const bridge = new AppBridge(
    null,
    { name: "migrate-mcp test host", version: "1.0.0" },
    { serverTools: {}, message: { text: {} }, updateModelContext: { text: {} } },
  );
  bridge.oncalltool = (params) => host.hostCallTool(params);
  bridge.onmessage = async (params) => {
    host.asked.messages.push(params);
    return {};
  };
  bridge.onupdatemodelcontext = async (params) => {
    host.asked.modelContext.push(params);
    return {};
  };
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) frame.style.height = `${height + 4}px`;
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(view, view));
  await initialized;
  await bridge.sendToolResult(result);
  bridges.set(id, { bridge, frame });
};

host.closeView = async (id) => {
  const open = bridges.get(id);
  if (!open) return;
  bridges.delete(id);
  await open.bridge.teardownResource({});
  open.frame.remove();
};
