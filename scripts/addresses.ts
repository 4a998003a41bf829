// Addresses a shared PDF must not link to: scripts and embedded data, and web
// addresses that lead to this machine or a private network (they mean nothing to
// a reader, and may say something about where the PDF was made).

const PRIVATE_IPV4 = /^(?:127\.\d{1,3}|10\.\d{1,3}|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}$/;

/** True for an http(s) address on localhost, a loopback or private IPv4 address, 0.0.0.0 or [::1]. */
export function isLocalAddress(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return false;
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '0.0.0.0' || host === '[::1]' || PRIVATE_IPV4.test(host);
}

/** True for a javascript:, vbscript: or data: address: it runs a script or opens embedded data. */
export function isScriptAddress(address: string): boolean {
  return /^\s*(javascript|vbscript|data):/i.test(address);
}
