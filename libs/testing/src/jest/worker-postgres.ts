// Before each suite: the PostgreSQL server of this Jest worker (global-setup.ts starts one per worker).
const urls = process.env.TEST_POSTGRES_URLS?.split(' ');
if (urls) process.env.TEST_POSTGRES_URL = urls[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % urls.length];
