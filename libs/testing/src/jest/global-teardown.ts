export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as { __ICJIMS_POSTGRES__?: { stop(): Promise<void> }[] }).__ICJIMS_POSTGRES__ ?? [];
  await Promise.all(servers.map((server) => server.stop()));
}
