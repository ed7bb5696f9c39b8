/** Sign-in (POST /api/Account/login): the body the guide shows, and the token answer it describes. */
import { z } from "zod";

export const loginRequest = z.strictObject({ userEmail: z.string().min(1), password: z.string().min(1) });

export const loginResponse = z.looseObject({
  userId: z.string(),
  userName: z.string(),
  email: z.string(),
  role: z.string(),
  accessToken: z.string(),
  expiresIn: z.number(),
  passwordResetRequired: z.boolean(),
});
