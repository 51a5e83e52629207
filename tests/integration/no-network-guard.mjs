// Loaded into the server (and, through NODE_OPTIONS, into its worker threads) by suggestions.test.ts:
// records every outbound connection and name lookup with the thread that made it, so the test can
// show that suggesting opens none. Recording only; it blocks nothing.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import { threadId } from 'node:worker_threads';

const file = process.env.SAMLA_TEST_NETWORK_LOG;
const record = (entry) => file && appendFileSync(file, `${JSON.stringify({ thread: threadId, ...entry })}\n`);
record({ kind: 'guard' });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	const options = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: args[1] };
	record({ kind: 'connect', host: options.host ?? options.path ?? 'localhost', port: options.port ?? null });
	return connect.apply(this, args);
};
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
	const original = dns[name];
	dns[name] = function (host, ...rest) {
		record({ kind: `dns.${name}`, host });
		return original.call(this, host, ...rest);
	};
	const promised = dns.promises[name];
	dns.promises[name] = function (host, ...rest) {
		record({ kind: `dns.promises.${name}`, host });
		return promised.call(this, host, ...rest);
	};
}
const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function (...args) {
	record({ kind: 'udp' });
	return send.apply(this, args);
};
