/**
 * The tenant's licences: one per destination user and platform, taken when a run starts a user's first
 * bulk pass and kept after, so delta re-runs need none. The state of the licence for a project's
 * destination, and how many its users hold, are what api/License answers.
 */
import type { PlatformKey } from "../../guide/platforms.js";
import type { CloudMContext } from "./context.js";
import type { SimBatch, SimItem, SimProject } from "./model.js";
import type { CloudMState } from "./state.js";
import type { LicenceState } from "./wire/admin.js";
import { DOMAIN_PATTERN } from "./wire/domains.js";

const YEAR_MS = 365 * 24 * 3_600_000;

/** Licences are valid 12 months from when the simulator starts, unless the tenant was given an expiry. */
export function startLicence(ctx: CloudMContext): void {
  ctx.state.licence.expiresOn ??= ctx.clock.now() + YEAR_MS;
}

/** What a licence is held for: a destination user, on the destination's platform. */
export function licenceKey(state: CloudMState, batch: SimBatch, item: SimItem): string {
  const destination = state.connections.get(batch.destinationConnectionId);
  return `${destination?.platform ?? "unknown"}|${item.importName.toLowerCase()}`;
}

function licenceState(ctx: CloudMContext, platform: PlatformKey | null, domain: string | null): LicenceState {
  const { licence: covers, limits } = ctx.state;
  if (limits.licenceCount <= 0) return "NotFoundOnServer";
  if (covers.expiresOn !== null && ctx.clock.now() >= covers.expiresOn) return "Expired";
  if (!platform || (covers.platforms && !covers.platforms.includes(platform)))
    return "NotValidForCurrentPlatform";
  if (!domain || !DOMAIN_PATTERN.test(domain) || (covers.domains && !covers.domains.includes(domain)))
    return "InvalidDomain";
  return "Valid";
}

/**
 * The licence for a project's destination: its state, the destination it is judged for, and how many
 * licences the project's users hold.
 */
export function projectLicence(ctx: CloudMContext, project: SimProject) {
  const { state } = ctx;
  const destination = state.connections.get(project.destinationConnectionId);
  const settings = destination?.settings ?? {};
  const domainSetting = settings.domainName ?? settings.domain;
  const domain = typeof domainSetting === "string" ? domainSetting.toLowerCase() : null;
  const platform = destination?.platform ?? null;
  const projectKeys = new Set<string>();
  for (const batch of state.batches.values()) {
    if (batch.projectId !== project.projectId) continue;
    for (const item of batch.items.values()) {
      const key = licenceKey(state, batch, item);
      if (state.licensedUsers.has(key)) projectKeys.add(key);
    }
  }
  return { state: licenceState(ctx, platform, domain), usedByProject: projectKeys.size, domain, platform };
}
