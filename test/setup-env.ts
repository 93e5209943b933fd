/**
 * vitest setupFiles: the environment the spawned CLI runs in.
 *
 * NODE_EXTRA_CA_CERTS makes every node process parse that certificate bundle
 * before it runs any code (on the project's CI machine,
 * /etc/ssl/certs/ca-certificates.crt: about 45 of bare node's 105 ms). The
 * CLI never opens a TLS connection, and the tests spawn it about two thousand
 * times, so the children start without it. The cold-start figures of
 * `npm run bench` keep the environment as it is.
 */
delete process.env.NODE_EXTRA_CA_CERTS;
