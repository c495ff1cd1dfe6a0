'use strict'
// A test's own HTTP server on a free loopback port (port 0), and a close that does not wait for
// kept-alive connections.

/** Listens `server` on 127.0.0.1:0; resolves `{ url, close }`. */
async function listenLocal(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    }),
  }
}

module.exports = { listenLocal }
