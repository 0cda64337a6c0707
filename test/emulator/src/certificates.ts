/**
 * The run's X.509 material, made with the `openssl` command line tool: a CA, the server certificate
 * it signs, the CA bundle for child processes, and service principals' client certificates.
 */
import {execFile} from 'node:child_process'
import {randomBytes, X509Certificate, createPrivateKey, type KeyObject} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/** Where the system's trusted CAs live on Debian and Ubuntu. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

interface ServerCertificates {
  /** The CA certificate (PEM file) that signs the server certificate. */
  caPath: string
  caPem: string
  /** The system bundle followed by the CA: the value for NODE_EXTRA_CA_CERTS. */
  caBundlePath: string
  serverCertPem: string
  serverKeyPem: string
}

export interface ClientCertificate {
  certPath: string
  /** Absent when the seed names only a certificate. */
  keyPath?: string
  /** Key then certificate in one file, the form `az login --service-principal -p` takes. */
  pemPath?: string
  certPem: string
  keyPem?: string
  /** SHA-1 thumbprint, upper-case hex (what MSAL's `clientCertificate.thumbprint` wants). */
  thumbprint: string
  /** SHA-256 thumbprint, upper-case hex (`clientCertificate.thumbprintSha256`). */
  thumbprintSha256: string
  /** The DER bytes, for matching `x5t`, `x5t#S256` and `x5c`. */
  der: Buffer
  publicKey: KeyObject
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, {cwd, timeout: 30_000}, (error, _stdout, stderr) => {
      if (!error) return resolve()
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      reject(
        new Error(
          missing
            ? 'the emulator needs the openssl command (Debian: apt-get install -y openssl)'
            : `openssl ${args[0]} failed: ${stderr.trim() || error.message}`,
        ),
      )
    })
  })
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']

/**
 * Makes a CA and a server certificate for `dnsNames` and `ipAddresses` in `dir`. P-256 keys keep
 * this fast (an RSA key takes openssl up to a second on a small machine).
 */
export async function createServerCertificates(dir: string, dnsNames: string[], ipAddresses: string[]): Promise<ServerCertificates> {
  const unique = randomBytes(4).toString('hex')
  const extensions = [
    `subjectAltName=${[...dnsNames.map((name) => `DNS:${name}`), ...ipAddresses.map((ip) => `IP:${ip}`)].join(',')}`,
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid,issuer',
  ]
  await writeFile(join(dir, 'server.ext'), `${extensions.join('\n')}\n`)
  await Promise.all([
    openssl(
      [
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '30',
        '-subj',
        `/CN=azx emulator test CA ${unique}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    ),
    openssl(['req', ...EC_KEY, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir),
  ])
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.pem',
    ],
    dir,
  )

  const caPath = join(dir, 'ca.pem')
  const caPem = readFileSync(caPath, 'utf8')
  const caBundlePath = join(dir, 'ca-bundle.pem')
  const system = existsSync(SYSTEM_CA_BUNDLE) ? readFileSync(SYSTEM_CA_BUNDLE, 'utf8') : ''
  await writeFile(caBundlePath, `${system}${system && !system.endsWith('\n') ? '\n' : ''}${caPem}`)
  return {
    caPath,
    caPem,
    caBundlePath,
    serverCertPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
  }
}

/** A self-signed RSA certificate for a service principal (RS256/PS256 assertions need RSA). */
export async function createClientCertificate(dir: string, name: string, commonName: string): Promise<ClientCertificate> {
  const keyPath = join(dir, `${name}.key`)
  const certPath = join(dir, `${name}.crt`)
  // A year, as a real app's certificate: a client that warns about one expiring within 30 days must not warn about these.
  await openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '365', '-subj', `/CN=${commonName}`],
    dir,
  )
  const certificate = readClientCertificate(certPath, keyPath)
  const pemPath = join(dir, `${name}.pem`)
  await writeFile(pemPath, `${certificate.keyPem}${certificate.certPem}`, {mode: 0o600})
  return {...certificate, pemPath}
}

/** Reads a PEM certificate (and optionally its key) that the seed names. */
export function readClientCertificate(certPath: string, keyPath?: string): ClientCertificate {
  const certPem = readFileSync(certPath, 'utf8')
  const x509 = new X509Certificate(certPem)
  const keyPem = keyPath ? readFileSync(keyPath, 'utf8') : undefined
  if (keyPem && !x509.checkPrivateKey(createPrivateKey(keyPem))) throw new Error(`${keyPath} is not the key of ${certPath}`)
  return {
    certPath,
    keyPath,
    certPem,
    keyPem,
    thumbprint: x509.fingerprint.replaceAll(':', ''),
    thumbprintSha256: x509.fingerprint256.replaceAll(':', ''),
    der: x509.raw,
    publicKey: x509.publicKey,
  }
}
