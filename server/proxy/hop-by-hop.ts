// Hop-by-hop headers describe one connection, so they are never copied to the next; the framing ones are set anew.
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'te',
  'trailer',
  'http2-settings',
]);
