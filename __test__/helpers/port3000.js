'use strict'
// The official client can only reach http://localhost:3000, so three test files need that port:
// the differential test and the OpenTelemetry parity test (recorders) and the sandbox contract
// test (a sandbox). They must not run at the same time (each would see the other's requests), so
// `npm run test:node` runs test files one at a time (`--test-concurrency=1`) and parallel
// `npm test` runs on one machine hold `flock /tmp/coherent-port3000.lock`.

/** Runs `start()` (which listens on port 3000); a taken port fails with a hint. */
async function onPort3000(start, { cleanup = async () => {} } = {}) {
  try {
    return await start()
  } catch (e) {
    await cleanup()
    throw new Error(`${e.message}: the official client can only reach localhost:3000; free the port ` +
      'and re-run (parallel runs on one machine: `flock /tmp/coherent-port3000.lock npm test`)')
  }
}

module.exports = { onPort3000 }
