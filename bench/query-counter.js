// The bench's count of database round trips, loaded into the launcher it starts
// (NODE_OPTIONS=--require bench/query-counter.js, BENCH_QUERY_COUNTER_PORT=<port>).
// Every query a `pg` client sends (TypeORM's and the raw ones alike; pg is external to the
// webpack bundle, so this patches the very module the services use) is counted under the login
// that sent it, with the transactions it opened. GET http://127.0.0.1:<port>/ answers the
// counts so far as JSON, so the bench can take them before and after a phase.
// Plain JavaScript on purpose: it is required before anything is compiled.
'use strict';
const http = require('node:http');
const path = require('node:path');

/** Only the launcher itself: NODE_OPTIONS also reaches npm and the bundle's build. */
function isLauncher() {
  const [script, command] = process.argv.slice(1);
  if (!script) return false;
  if (script.endsWith(path.join('dist', 'apps', 'embedded', 'main.js'))) return true;
  return script.endsWith(path.join('tools', 'run-built.js')) && command === 'embedded';
}

const port = Number(process.env.BENCH_QUERY_COUNTER_PORT);
if (port && isLauncher()) {
  const { Client } = require('pg'); // the same module the bundle requires from node_modules
  /** login → { queries, transactions } */
  const counts = {};
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, ...rest) {
    const login = this.user || 'unknown';
    const entry = (counts[login] ??= { queries: 0, transactions: 0 });
    entry.queries += 1;
    const text = typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : '';
    if (/^\s*(BEGIN|START TRANSACTION)\b/i.test(text)) entry.transactions += 1;
    return query.call(this, config, ...rest);
  };
  const server = http.createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(counts));
  });
  server.listen(port, '127.0.0.1');
  server.unref(); // never what keeps the launcher from exiting
}
