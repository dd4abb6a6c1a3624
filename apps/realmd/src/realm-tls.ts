import { generateKeyPair, randomBytes, X509Certificate } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { createSecureContext, type SecureContext } from "node:tls";
import { promisify } from "node:util";
import { ApiError, type RealmTlsFiles } from "@em/contracts";
import forge from "node-forge";
import { readTextIfPresent, writeFileAtomically } from "./atomic-file.js";

/**
 * Certificates for realms' TLS interfaces (nsps, nhps). Either the operator gives a certificate
 * and key (and the CA that signed them, for clients), or realmd makes a local CA once, under its
 * data folder, and signs a server certificate per realm for the names clients use on this
 * machine. Private keys are written 0600 and never leave realmd; the CA certificate is public
 * and is what clients download to trust the realm.
 */

/** How long realmd's local CA is valid. @default 10 years */
export const LOCAL_CA_VALIDITY_DAYS = 3650;
/** How long a generated realm certificate is valid; renewed when a realm starts past it. @default 825 days */
export const SERVER_CERT_VALIDITY_DAYS = 825;
const RSA_BITS = 2048;
const DAY_MS = 86_400_000;

/** What a realm's TLS listeners need: the key and certificate, and the CA clients trust. */
export interface RealmTlsMaterial {
  secureContext: SecureContext;
  /** PEM of the CA that clients trust; null when the operator gave none. */
  caPem: string | null;
  certificate: "generated" | "operator";
}

/** Paths of realmd's local CA under its data folder. */
export function localCaPaths(dataDir: string): { certPath: string; keyPath: string } {
  const dir = join(dataDir, "tls");
  return { certPath: join(dir, "ca.pem"), keyPath: join(dir, "ca-key.pem") };
}

/**
 * The host names and addresses a generated realm certificate covers: loopback, this machine's
 * name and the realm's bind address (unless it binds every address).
 */
export function certificateHosts(bindHost: string): string[] {
  const hosts = ["127.0.0.1", "::1", "localhost", hostname()];
  if (!["", "0.0.0.0", "::", "[::]"].includes(bindHost)) hosts.push(bindHost);
  return [...new Set(hosts.map((host) => host.toLowerCase()))];
}

/**
 * Loads the TLS material of one realm: the operator's files when given (checked, with a
 * VALIDATION error naming the file that is wrong), otherwise a certificate signed by the local
 * CA, made on first need and made again when it no longer covers `bindHost`, expires or was
 * signed by another CA.
 */
export async function loadRealmTls(options: {
  dataDir: string;
  realmTlsDir: string;
  bindHost: string;
  files: RealmTlsFiles | null;
}): Promise<RealmTlsMaterial> {
  if (options.files) return loadOperatorFiles(options.files);
  const ca = await ensureLocalCa(options.dataDir);
  const server = await ensureServerCertificate(
    options.realmTlsDir,
    ca,
    certificateHosts(options.bindHost),
  );
  return {
    secureContext: createSecureContext({
      cert: `${server.certPem}${ca.certPem}`,
      key: server.keyPem,
    }),
    caPem: ca.certPem,
    certificate: "generated",
  };
}

async function loadOperatorFiles(files: RealmTlsFiles): Promise<RealmTlsMaterial> {
  const read = async (field: keyof RealmTlsFiles, path: string) => {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      throw invalid(`tls.${field}`, `cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const cert = await read("certFile", files.certFile);
  const key = await read("keyFile", files.keyFile);
  const caPem = files.caFile ? await read("caFile", files.caFile) : null;
  let secureContext: SecureContext;
  try {
    secureContext = createSecureContext({ cert, key });
  } catch (error) {
    throw invalid(
      "tls",
      `certFile and keyFile are not a PEM certificate and its private key: ${(error as Error).message}`,
    );
  }
  if (caPem !== null) {
    try {
      new X509Certificate(caPem);
    } catch (error) {
      throw invalid(
        "tls.caFile",
        `${files.caFile} is not a PEM certificate: ${(error as Error).message}`,
      );
    }
  }
  return { secureContext, caPem, certificate: "operator" };
}

function invalid(path: string, message: string): ApiError {
  return new ApiError("VALIDATION", `TLS certificate: ${message}`, {
    details: { issues: [{ path, message }] },
  });
}

interface Pem {
  certPem: string;
  keyPem: string;
}

/** One creation at a time per CA folder, so two realms created at once share one CA. */
const caCreations = new Map<string, Promise<Pem>>();

/** realmd's local CA, made on first need. */
export function ensureLocalCa(dataDir: string): Promise<Pem> {
  const { certPath, keyPath } = localCaPaths(dataDir);
  let pending = caCreations.get(certPath);
  if (!pending) {
    pending = (async () => {
      const existing = await readPair(certPath, keyPath);
      if (existing && stillValid(existing.certPem)) return existing;
      const keys = await rsaKeys();
      const cert = forge.pki.createCertificate();
      cert.publicKey = keys.publicKey;
      cert.serialNumber = serialNumber();
      setValidity(cert, LOCAL_CA_VALIDITY_DAYS);
      const subject = [
        { name: "commonName", value: `Enterprise Manager local CA (${hostname()})` },
        { name: "organizationName", value: "Enterprise Manager" },
      ];
      cert.setSubject(subject);
      cert.setIssuer(subject);
      cert.setExtensions([
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        { name: "subjectKeyIdentifier" },
      ]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      const pem = { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
      await writePair(certPath, keyPath, pem);
      return pem;
    })();
    caCreations.set(certPath, pending);
    // A failure is not cached: the next realm tries again.
    pending.catch(() => caCreations.delete(certPath));
  }
  return pending;
}

async function ensureServerCertificate(dir: string, ca: Pem, hosts: string[]): Promise<Pem> {
  const certPath = join(dir, "server.pem");
  const keyPath = join(dir, "server-key.pem");
  const existing = await readPair(certPath, keyPath);
  if (existing && serverCertificateFits(existing.certPem, ca.certPem, hosts)) return existing;

  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = await rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  setValidity(cert, SERVER_CERT_VALIDITY_DAYS);
  cert.setSubject([
    { name: "commonName", value: hosts.find((host) => isIP(host) === 0) ?? "localhost" },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: hosts.map((host) =>
        isIP(host) === 0 ? { type: 2, value: host } : { type: 7, ip: host },
      ),
    },
    { name: "subjectKeyIdentifier" },
    {
      name: "authorityKeyIdentifier",
      keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  const pem = { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
  await writePair(certPath, keyPath, pem);
  return pem;
}

/** Signed by this CA, valid for a day more at least, and naming every host. */
export function serverCertificateFits(certPem: string, caPem: string, hosts: string[]): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (!stillValid(certPem)) return false;
    return hosts.every((host) =>
      isIP(host) === 0 ? cert.checkHost(host) !== undefined : cert.checkIP(host) !== undefined,
    );
  } catch {
    return false;
  }
}

function stillValid(certPem: string): boolean {
  try {
    return Date.parse(new X509Certificate(certPem).validTo) > Date.now() + DAY_MS;
  } catch {
    return false;
  }
}

async function rsaKeys(): Promise<{
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
}> {
  // Node's native key generation: forge's own would take seconds in JavaScript.
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
    modulusLength: RSA_BITS,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey,
  };
}

/** 16 random bytes, positive as RFC 5280 §4.1.2.2 asks. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function setValidity(cert: forge.pki.Certificate, days: number): void {
  // An hour back: a client whose clock runs a little behind still accepts a new certificate.
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
}

async function readPair(certPath: string, keyPath: string): Promise<Pem | null> {
  const certPem = await readTextIfPresent(certPath);
  const keyPem = certPem === null ? null : await readTextIfPresent(keyPath);
  return certPem === null || keyPem === null ? null : { certPem, keyPem };
}

/** The key first and 0600 from its creation; each file replaced atomically. */
async function writePair(certPath: string, keyPath: string, pem: Pem): Promise<void> {
  const dir = join(certPath, "..");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomically(keyPath, pem.keyPem, 0o600);
  await writeFileAtomically(certPath, pem.certPem, 0o644);
}
