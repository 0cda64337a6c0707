#!/usr/bin/env node
// A real browser for `BROWSER=`: Debian's Chromium, headless, driven by playwright-core. It opens the
// authorize URL, signs in on the emulator's page as AZX_TEST_BROWSER_USER with
// AZX_TEST_BROWSER_PASSWORD as a person would (type, press the button), lets the emulator's
// auto-submitting form hand the code to the CLI's loopback listener, and waits for the page the CLI
// answers with. The CLI starts this program detached and never reads its output, so it reports in
// AZX_TEST_CHROMIUM_OUT: page.png (a screenshot of the last page) and result.json (that page's
// address, title, heading and text, or the error), written last and whole.
import {createHash} from 'node:crypto'
import {renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {connect} from 'node:tls'

import {chromium} from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'

// As the machine notes run it: without the background-networking flags Chromium keeps trying to
// reach Google's services, which this closed network refuses. Playwright adds --headless and a new
// empty --user-data-dir itself; --no-sandbox because the tests run as root.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const [url] = process.argv.slice(2)
const out = process.env.AZX_TEST_CHROMIUM_OUT
const username = process.env.AZX_TEST_BROWSER_USER
const password = process.env.AZX_TEST_BROWSER_PASSWORD

/**
 * How Chromium comes to trust the emulator's per-run CA. On Linux it reads trust anchors from an
 * NSS database (~/.pki/nssdb), which only NSS's certutil (libnss3-tools, not on these machines)
 * can write; --ignore-certificate-errors would switch checking off for every host. So Node, which
 * trusts the CA through NODE_EXTRA_CA_CERTS (the CLI passes its environment on), connects first and
 * verifies the emulator's certificate chain and host name; Chromium is then told to accept that one
 * verified public key (--ignore-certificate-errors-spki-list, honoured because Playwright gives it a
 * --user-data-dir). Any other certificate problem still fails the page load.
 */
function verifiedSpkiHash(address) {
  const {hostname, port} = new URL(address)
  return new Promise((resolve, reject) => {
    const socket = connect({host: hostname, port: Number(port || 443), servername: hostname}, () => {
      const spki = socket.getPeerX509Certificate().publicKey.export({format: 'der', type: 'spki'})
      socket.end()
      resolve(createHash('sha256').update(spki).digest('base64'))
    })
    socket.once('error', reject)
  })
}

function report(result) {
  const file = join(out, 'result.json')
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2))
  renameSync(`${file}.tmp`, file)
}

// Never outlive the test: Playwright closes Chromium when this process exits.
setTimeout(() => {
  report({error: 'chromium-browser.mjs gave up after 25 s'})
  process.exit(2)
}, 25_000).unref()

let browser
let page
try {
  if (!url || !out || !username || !password)
    throw new Error('usage: AZX_TEST_CHROMIUM_OUT=… AZX_TEST_BROWSER_USER=… AZX_TEST_BROWSER_PASSWORD=… chromium-browser.mjs <authorize-url>')
  const spki = await verifiedSpkiHash(url)
  browser = await chromium.launch({
    args: [...FLAGS, `--ignore-certificate-errors-spki-list=${spki}`],
    chromiumSandbox: false,
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
  })
  page = await browser.newPage({viewport: {height: 600, width: 900}})
  page.setDefaultTimeout(15_000)
  await page.goto(url)
  await page.getByLabel('Email, phone, or Skype').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', {name: 'Sign in'}).click()
  await page.waitForURL((address) => address.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(address.hostname))
  await page.getByRole('heading', {name: 'Signed in to Azure'}).waitFor()
  await page.screenshot({fullPage: true, path: join(out, 'page.png')})
  report({
    heading: await page.locator('h1').innerText(),
    text: await page.locator('body').innerText(),
    title: await page.title(),
    url: page.url(),
  })
} catch (error) {
  await page?.screenshot({fullPage: true, path: join(out, 'page.png')}).catch(() => {})
  report({error: error instanceof Error ? (error.stack ?? error.message) : String(error), url: page?.url()})
  process.exitCode = 1
} finally {
  await browser?.close()
}
