// A TLS endpoint in front of a plaintext Temporal frontend, for tests of secured connections:
// throwaway certificates made with the openssl CLI, and a TLS-terminating forwarder that requires
// a client certificate (as a secured cluster or Temporal Cloud's mTLS namespaces do) and pipes the
// decrypted gRPC (HTTP/2) bytes to the dev server's plaintext port.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

function openssl(args, cwd) {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`openssl is needed to make test certificates (apt-get install openssl): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
}

/** An EC P-256 key and a certificate signed by `ca` (or self-signed when ca is absent), valid two days. */
function issue(dir, name, { subject, ca, extensions }) {
  const key = `${name}.key`;
  const cert = `${name}.pem`;
  const ext = `${name}.ext`;
  writeFileSync(path.join(dir, ext), `${extensions.join('\n')}\n`);
  if (ca) {
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', `${name}.csr`, '-subj', subject], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-sha256', '-extfile', ext, '-out', cert], dir);
  } else {
    openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', subject, '-days', '2', '-sha256', '-extensions', 'v3', '-config', ext], dir);
  }
  return { cert: path.join(dir, cert), key: path.join(dir, key) };
}

function caExtensions(commonName) {
  // `req -x509 -config` reads a whole config: a section for the subject and one for extensions.
  return [`[req]`, `distinguished_name = dn`, `[dn]`, `CN = ${commonName}`, `[v3]`, 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash'];
}

/**
 * A certificate authority, a server certificate for `serverName` (and 127.0.0.1), a client
 * certificate it signed, and a client certificate from another CA the server does not trust.
 * Every path is a PEM file under `dir`.
 */
export function createTestPki(dir, { serverName = 'temporal.signalbox.test' } = {}) {
  mkdirSync(dir, { recursive: true });
  const ca = issue(dir, 'ca', { subject: '/CN=Signalbox Test CA', extensions: caExtensions('Signalbox Test CA') });
  const server = issue(dir, 'server', {
    subject: `/CN=${serverName}`,
    ca,
    extensions: [`subjectAltName = DNS:${serverName}, IP:127.0.0.1`, 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth'],
  });
  const clientExtensions = ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = clientAuth'];
  const client = issue(dir, 'client', { subject: '/CN=signalbox-worker', ca, extensions: clientExtensions });
  const strangerCa = issue(dir, 'stranger-ca', { subject: '/CN=Someone Else CA', extensions: caExtensions('Someone Else CA') });
  const stranger = issue(dir, 'stranger', { subject: '/CN=intruder', ca: strangerCa, extensions: clientExtensions });
  return { serverName, ca: ca.cert, server, client, stranger };
}

/**
 * Listens on 127.0.0.1:`port` (a free one when 0) with TLS 1.3, offering HTTP/2 by ALPN as gRPC
 * clients require, refusing any client without a certificate signed by `ca`, and piping each
 * accepted connection to `target` (host:port, plaintext). `accepted`/`refused` count handshakes.
 */
export function startTlsForwarder({ target, cert, key, ca, port = 0 }) {
  const [targetHost, targetPort] = splitHostPort(target);
  const counts = { accepted: 0, refused: 0 };
  const sockets = new Set();
  const server = tls.createServer(
    {
      cert: readFileSync(cert),
      key: readFileSync(key),
      ca: readFileSync(ca),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
      minVersion: 'TLSv1.2',
    },
    (clientSocket) => {
      counts.accepted += 1;
      const upstream = net.connect({ host: targetHost, port: targetPort });
      sockets.add(clientSocket);
      sockets.add(upstream);
      const close = () => {
        clientSocket.destroy();
        upstream.destroy();
        sockets.delete(clientSocket);
        sockets.delete(upstream);
      };
      clientSocket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      clientSocket.pipe(upstream).pipe(clientSocket);
    },
  );
  server.on('tlsClientError', (_err, socket) => {
    counts.refused += 1;
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = `127.0.0.1:${server.address().port}`;
      resolve({
        address,
        counts,
        stop: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function splitHostPort(address) {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[|\]$/g, ''), Number(address.slice(at + 1))];
}
