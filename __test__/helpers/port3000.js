'use strict'
// The official client can only reach http://localhost:3000, so two test files need that port:
// the differential test (a recorder) and the sandbox contract test (a sandbox). When the test
// runner runs files in parallel (machines with more than 2 cores), one waits for the other.

const HINT = 'the official client can only reach localhost:3000; free the port ' +
  '(test runs hold /tmp/coherent-port3000.lock: `flock /tmp/coherent-port3000.lock npm test`)'

/**
 * Calls `start()` until it stops failing with "in use", for at most `ms`. `cleanup()` runs after
 * each failed try (e.g. to close a server that got one of several addresses).
 */
async function onPort3000(start, { ms = 60000, cleanup = async () => {} } = {}) {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return await start()
    } catch (e) {
      await cleanup()
      if (!/in use/i.test(e.message) || Date.now() > deadline) throw new Error(`${e.message}: ${HINT}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

module.exports = { onPort3000 }
