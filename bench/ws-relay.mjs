// The floor the bench compares Samla with (issue 15): a bare `ws` server that sends every message
// it receives to every other connection, unread — no authentication, no validation, no storage,
// no document. Started by the bench as a process of its own; prints its port.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => {
	ws.on('message', (data, isBinary) => {
		for (const client of wss.clients) if (client !== ws && client.readyState === 1) client.send(data, { binary: isBinary });
	});
	ws.on('error', () => {});
});
wss.on('listening', () => console.log(`relay listening on ${wss.address().port}`));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
