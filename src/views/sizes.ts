/** Data sizes as a person reads them in a status update: "4.2 GB", decimal units as CloudM shows them. */
const UNITS = ["bytes", "KB", "MB", "GB", "TB", "PB"] as const;

export function dataSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${UNITS[unit]}`;
}
