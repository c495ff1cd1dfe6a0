'use strict'
// A private certificate authority for TLS tests, made with Debian's openssl CLI (the tool a user
// would run) in a temp dir. The client trusts it through NODE_EXTRA_CA_CERTS, which the core
// reads once per process: set it before the first client of the process is built (or run the
// client in a child process).
//
//   const ca = createCa()
//   const leaf = ca.issue()                     // localhost + 127.0.0.1 + ::1, valid 30 days
//   const old = ca.issue({ notAfter: '20200101000000Z', notBefore: '20190101000000Z' })
//   process.env.NODE_EXTRA_CA_CERTS = ca.certPath
//   ...
//   ca.cleanup()

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const OPENSSL = '/usr/bin/openssl'

/** Runs openssl; a missing binary or a failing command throws with openssl's own message. */
function openssl(args, cwd) {
  if (!fs.existsSync(OPENSSL)) {
    throw new Error(`${OPENSSL} not found: install Debian's openssl (apt-get install openssl)`)
  }
  try {
    return execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    throw new Error(`openssl ${args[0]} failed: ${e.stderr || e.message}`)
  }
}

/**
 * A new CA (EC P-256, CA:true) in a fresh temp dir. Returns its paths and PEM, `issue()` to sign
 * leaf certificates, and `cleanup()` to remove the dir.
 */
function createCa({ subject = '/CN=Coherent test CA' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-ca-'))
  const keyPath = path.join(dir, 'ca.key')
  const certPath = path.join(dir, 'ca.crt')
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath])
  openssl(['req', '-x509', '-new', '-key', keyPath, '-sha256', '-days', '30', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:true',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', certPath])
  // `openssl ca` (not `x509 -req`) so a leaf can carry any validity window, e.g. an expired one.
  fs.writeFileSync(path.join(dir, 'index.txt'), '')
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n')
  let issued = 0

  /**
   * Signs a leaf certificate for `names` (DNS names and IP addresses, as SANs) with serverAuth.
   * `notBefore` / `notAfter` take openssl's `YYYYMMDDHHMMSSZ`; otherwise it is valid for `days`.
   */
  function issue({ names = ['localhost', '127.0.0.1', '::1'], days = 30, notBefore, notAfter,
    name = `leaf${++issued}` } = {}) {
    const leafKey = path.join(dir, `${name}.key`)
    const csr = path.join(dir, `${name}.csr`)
    const leafCert = path.join(dir, `${name}.crt`)
    const ext = path.join(dir, `${name}.ext`)
    const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')
    fs.writeFileSync(ext, [
      '[ca]', 'default_ca = local',
      '[local]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial',
      'new_certs_dir = $dir', 'default_md = sha256', 'policy = any', 'unique_subject = no',
      'copy_extensions = none', 'x509_extensions = leaf',
      '[any]', 'commonName = supplied',
      '[leaf]', 'basicConstraints = critical,CA:false', 'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth', `subjectAltName = ${san}`, '',
    ].join('\n'))
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', leafKey])
    openssl(['req', '-new', '-key', leafKey, '-subj', `/CN=${names[0]}`, '-out', csr])
    const dates = notBefore || notAfter
      ? ['-startdate', notBefore || '20000101000000Z', '-enddate', notAfter || '20991231235959Z']
      : ['-days', String(days)]
    openssl(['ca', '-batch', '-notext', '-config', ext, '-cert', certPath, '-keyfile', keyPath,
      ...dates, '-in', csr, '-out', leafCert])
    return {
      certPath: leafCert,
      keyPath: leafKey,
      certPem: fs.readFileSync(leafCert, 'utf8'),
      keyPem: fs.readFileSync(leafKey, 'utf8'),
    }
  }

  return {
    dir,
    certPath,
    keyPath,
    certPem: fs.readFileSync(certPath, 'utf8'),
    keyPem: fs.readFileSync(keyPath, 'utf8'),
    issue,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

module.exports = { createCa, openssl }
