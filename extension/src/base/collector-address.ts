// Where the team token may be sent: a rule the options page checks as the rep types and the settings
// schema enforces when they are saved, so it lives on the floor both may import.

/** This computer: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A collector address the token may travel to: https://, or http:// to this computer only (a
 * collector tried out locally). Plain http elsewhere would send the team token in clear text.
 */
export function collectorAddressAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (!parsed.hostname) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
