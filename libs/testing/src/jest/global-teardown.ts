export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __ICJIMS_POSTGRES__?: { stop(): Promise<void> } }).__ICJIMS_POSTGRES__;
  await server?.stop();
}
