/**
 * How long an agent should wait before asking again about a job that is still running, said in each
 * status answer so it does not poll in a tight loop. Figures follow how fast each kind of job moves.
 */
export const CHECK_AGAIN_SECONDS = { run: 30, scan: 30, readiness: 10, transfer: 15, report: 5 } as const;

export type RunningJob = keyof typeof CHECK_AGAIN_SECONDS;

/** " Check again after 30 s with get_environment_scan." */
export function checkAgain(job: RunningJob, how: string): string {
  return ` Check again after ${CHECK_AGAIN_SECONDS[job]} s with ${how}.`;
}
