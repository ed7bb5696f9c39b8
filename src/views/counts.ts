/** Counts as a person reads them: "1 user", "3 users". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
