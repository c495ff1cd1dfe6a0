'use strict'
// The HTTPS benchmark's private CA and server certificate, made at bench start with Debian's
// openssl CLI in a temp dir (as a clinic's IT would make one): an EC P-256 CA, and a leaf for
// `localhost` and 127.0.0.1 signed by it. Every client trusts the CA the way an application
// does, through NODE_EXTRA_CA_CERTS (Node's TLS and our core both read it once, at start-up).
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

function openssl(args, cwd) {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (e) {
    throw new Error(`openssl ${args[0]} failed (Debian: apt-get install openssl): ${e.stderr || e.message}`)
  }
}

/** Returns { dir, caPath, certPath, keyPath, cleanup() }. */
function makeCa() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-bench-ca-'))
  fs.writeFileSync(
    path.join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n' +
      'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  )
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir)
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2', '-subj', '/CN=Coherent bench CA',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', 'ca.crt'], dir)
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key'], dir)
  openssl(['req', '-new', '-key', 'leaf.key', '-subj', '/CN=localhost', '-out', 'leaf.csr'], dir)
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-sha256', '-days', '2', '-extfile', 'leaf.ext', '-out', 'leaf.crt'], dir)
  return {
    dir,
    caPath: path.join(dir, 'ca.crt'),
    certPath: path.join(dir, 'leaf.crt'),
    keyPath: path.join(dir, 'leaf.key'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

module.exports = { makeCa }
