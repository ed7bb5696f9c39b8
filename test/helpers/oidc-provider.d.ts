/**
 * The parts of `oidc-provider` (which ships no types) that test/helpers/oidc-server.ts uses, typed as
 * that helper uses them.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  interface ResourceServer {
    scope: string;
    audience: string;
    accessTokenFormat: "jwt" | "opaque";
    jwt?: { sign: { alg: string } };
  }

  interface ClientMetadata {
    client_id: string;
    application_type?: "native" | "web";
    token_endpoint_auth_method: "none";
    redirect_uris: string[];
    grant_types: string[];
    response_types: string[];
  }

  export interface Configuration {
    clients: ClientMetadata[];
    jwks: { keys: Array<Record<string, unknown>> };
    cookies: { keys: string[] };
    findAccount: (ctx: unknown, id: string) => Promise<Account | undefined>;
    interactions: { url: (ctx: unknown, interaction: { uid: string }) => string };
    ttl: Record<"AccessToken" | "AuthorizationCode" | "Grant" | "Interaction" | "Session", number>;
    extraTokenClaims: (ctx: unknown, token: { accountId?: string }) => Promise<Record<string, unknown>>;
    features: {
      devInteractions: { enabled: boolean };
      resourceIndicators: {
        enabled: boolean;
        defaultResource: () => Promise<string>;
        useGrantedResource: () => Promise<boolean>;
        getResourceServerInfo: (ctx: unknown, resourceIndicator: string) => Promise<ResourceServer>;
      };
    };
  }

  /** What an interaction asks of the user: `login`, or `consent` with what is still to be granted. */
  export interface Interaction {
    uid: string;
    prompt: {
      name: "login" | "consent";
      details: { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope: (scope: string) => void;
    addResourceScope: (resource: string, scope: string) => void;
    rejectResourceScope: (resource: string, scope: string) => void;
    save: () => Promise<string>;
  }

  interface InteractionResults {
    login?: { accountId: string };
    consent?: { grantId: string };
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): NodeHandler;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    readonly Grant: {
      new (init: { accountId: string; clientId: string }): Grant;
      find: (id: string) => Promise<Grant | undefined>;
    };
  }

  export const errors: { InvalidTarget: new (description?: string) => Error };
}
