/** Injection token: the installation's DisclosureSettings (disclosure/disclosure-policy.ts), read once at start. */
export const DISCLOSURE_SETTINGS = Symbol('DISCLOSURE_SETTINGS');
