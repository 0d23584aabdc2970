// What is in flight on a proxy socket, for the metrics: forwarded requests still open (streams included) and hijacks.
export interface ProxyCounters {
  /** Forwarded ordinary requests whose response is not over yet (events, logs -f and other streams included). */
  openStreams: number;
  /** Upgrade requests forwarded and not yet closed (attach, exec). */
  hijacked: number;
}

export function createProxyCounters(): ProxyCounters {
  return { openStreams: 0, hijacked: 0 };
}
