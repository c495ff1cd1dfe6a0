'use strict'
// Headless Chromium for the browser tests and `npm run screenshots`: Debian's /usr/bin/chromium
// (or the Chromium-family browser COHERENT_TEST_BROWSER names) through playwright-core, in a
// throw-away profile. Fails with how to install it when it is missing.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const CHROMIUM = process.env.COHERENT_TEST_BROWSER || '/usr/bin/chromium'

/** `{ context, close }`: a persistent browser context and what removes it again. */
async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (as root: DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; ` +
      '`npm test` does this itself) or set COHERENT_TEST_BROWSER to a Chromium-family browser')
  }
  const { chromium } = require('playwright-core')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-chromium-'))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    return {
      context,
      close: async () => {
        await context.close()
        fs.rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true })
    throw e
  }
}

module.exports = { launchChromium }
