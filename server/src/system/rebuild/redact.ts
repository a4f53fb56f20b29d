// Credentials never reach a record or an event: flake references and URLs may carry them
// (`git+https://oauth2:TOKEN@host/x`, `https://user:pass@host`, `?access_token=...`), and Nix
// repeats them in its messages ("unable to download 'https://...'").

/** `scheme://userinfo@`: the user part of a URL, where tokens and passwords go. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"`<>]+)@/gi;
/** A query parameter whose name says it is a secret: `?access_token=`, `&token=`, `;password=`... */
const SECRET_PARAMETER = /([?&;])((?:[a-z0-9]+[_.-])*(?:access[_-]?token|private[_-]?token|token|auth|authorization|password|passwd|pass|pwd|secret|client[_-]?secret|api[_-]?key|apikey|key|sig|signature|credentials?))=([^&;#\s'"`<>]*)/gi;
/** `Authorization: Bearer X` / `Basic X` as printed in an error. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export const REDACTED = '***';

/** `text` with every credential replaced by ***. A login name in an ssh URL (`ssh://git@host`) stays. */
export function redactSecrets(text: string): string {
  if (!text.includes('@') && !text.includes('=') && !/Bearer|Basic/.test(text)) return text;
  return text
    .replace(USERINFO, (whole, scheme: string, userinfo: string) =>
      /ssh/i.test(scheme) && !userinfo.includes(':') ? whole : `${scheme}${REDACTED}@`)
    .replace(SECRET_PARAMETER, (_whole, separator: string, name: string) => `${separator}${name}=${REDACTED}`)
    .replace(BEARER, (_whole, kind: string) => `${kind} ${REDACTED}`);
}

/** Every string in `value` (an event or a record: plain JSON data) redacted; the same object when nothing changed. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactDeep(v);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const r = redactDeep(v);
      if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r;
    }
    return (out ?? value) as T;
  }
  return value;
}
