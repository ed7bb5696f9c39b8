/**
 * Headless Chromium from the system's packages (Debian's `chromium`, which `.ci/run` installs when
 * missing), driven by playwright-core: one browser per test file, a fresh context per page.
 * The flags keep Chromium off the network it would otherwise reach for at start (updates, sync,
 * Google's hosts): this machine's network is closed, and a test must see only what it serves.
 */
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
