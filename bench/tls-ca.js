'use strict'
// The HTTPS benchmark's private CA and server certificate, made at bench start with Debian's
// openssl CLI in a temp dir (the tests' helper, __test__/helpers/tls-ca.js): an EC P-256 CA and a
// leaf for `localhost` and 127.0.0.1 signed by it. Every client trusts the CA the way an
// application does, through NODE_EXTRA_CA_CERTS (Node's TLS and our core both read it once, at
// start-up).
const { createCa } = require('../__test__/helpers/tls-ca')

/** Returns { dir, caPath, certPath, keyPath, cleanup() }: the CA's certificate and the leaf's pair. */
function makeCa() {
  const ca = createCa({ subject: '/CN=Coherent bench CA' })
  const leaf = ca.issue({ names: ['localhost', '127.0.0.1'], days: 2 })
  return { dir: ca.dir, caPath: ca.certPath, certPath: leaf.certPath, keyPath: leaf.keyPath, cleanup: ca.cleanup }
}

module.exports = { makeCa }
