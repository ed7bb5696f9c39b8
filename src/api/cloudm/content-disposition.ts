/** A downloaded file's name from its Content-Disposition header, as the instance sent it. */

/** RFC 6266: the encoded `filename*` when it decodes, else the plain `filename` as written (a bare % and all). */
export function fileNameFrom(disposition: string | undefined, fallback: string): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition ?? "")?.[1];
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // Not valid percent-encoding: the plain name, if any, says it.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition ?? "");
  return plain?.[1] ?? plain?.[2]?.trim() ?? fallback;
}
