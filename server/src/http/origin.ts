// Which browser pages may talk to the hub: only pages served from our own origin (PUBLIC_URL when it is set,
// else the host the request was addressed to). A browser always names the page's origin on a cross-site
// risk (a POST, a WebSocket handshake); a request without one comes from a program, not a page, and carries
// no ambient cookie of a victim, so it is judged by its credentials alone.
export type OriginVerdict = 'absent' | 'allowed' | 'refused';

export function judgeOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): OriginVerdict {
  if (origin === undefined || origin === '') return 'absent';
  let seen: URL;
  try {
    // "null" (a sandboxed frame, a file:// page, a redirect across sites) is not a URL and never ours.
    seen = new URL(origin);
  } catch {
    return 'refused';
  }
  if (publicUrl) return seen.origin === new URL(publicUrl).origin ? 'allowed' : 'refused';
  return host !== undefined && seen.host === host ? 'allowed' : 'refused';
}
