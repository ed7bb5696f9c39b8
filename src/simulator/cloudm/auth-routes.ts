/** Login and bearer-token checks of the simulated CloudM API. */
import type { Route, SimRequest, SimResponse } from "../http-server.js";
import { parseJsonBody, problem } from "../problems.js";
import type { CloudMContext } from "./context.js";
import { signToken, verifyToken } from "./jwt.js";
import { loginRequest, loginResponse } from "./wire/auth.js";

export function loginRoute(ctx: CloudMContext): Route {
  return {
    method: "POST",
    pattern: "/api/Account/login",
    authenticated: false,
    documented: true,
    doc: { summary: "Log in; returns a JWT access token", body: loginRequest, response: loginResponse },
    handler: (request) => {
      const parsed = parseJsonBody(request.body, request.headers["content-type"], loginRequest);
      if (!parsed.ok) return parsed.response;
      const { userEmail, password } = parsed.value;
      const admin = ctx.state.admins.find(
        (a) => a.email.toLowerCase() === userEmail.toLowerCase() && a.password === password,
      );
      if (!admin) return problem(401, "Invalid email or password");
      const iat = Math.floor(Date.now() / 1000);
      const accessToken = signToken(
        {
          sub: admin.userId,
          email: admin.email,
          name: admin.userName,
          role: admin.role,
          iat,
          exp: iat + ctx.tokenLifetimeSeconds,
          jti: ctx.tokensIssued++,
          ...(admin.passwordResetRequired ? { pwdReset: true } : {}),
        },
        ctx.secret,
      );
      ctx.issuedTokens.push(accessToken);
      return {
        status: 200,
        body: {
          userId: admin.userId,
          userName: admin.userName,
          email: admin.email,
          role: admin.role,
          accessToken,
          expiresIn: ctx.tokenLifetimeSeconds,
          passwordResetRequired: admin.passwordResetRequired,
        },
      };
    },
  };
}

/** Refuses a request without a valid, unexpired, unrevoked bearer token. */
export function authenticate(
  ctx: CloudMContext,
  request: SimRequest,
  forceExpired: boolean,
): SimResponse | undefined {
  const header = request.headers.authorization;
  if (!header)
    return problem(
      401,
      "Missing Authorization header; send 'Authorization: Bearer <accessToken>' from /api/Account/login",
    );
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return problem(401, "Malformed Authorization header; expected 'Bearer <accessToken>'");
  const verdict = verifyToken(match[1], ctx.secret, Date.now() / 1000);
  if (!verdict.ok) {
    return problem(
      401,
      verdict.reason === "expired" ? "The access token has expired" : "The access token is invalid",
    );
  }
  if (forceExpired || verdict.claims.jti < ctx.revokedBelow)
    return problem(401, "The access token has expired");
  if (verdict.claims.pwdReset) return problem(403, "Password reset required before using the API");
  // A deleted or deactivated admin loses access at once, not when the token runs out.
  if (!ctx.state.admins.some((a) => a.userId === verdict.claims.sub)) {
    return problem(401, "The account behind this token is deleted or deactivated");
  }
  return undefined;
}
