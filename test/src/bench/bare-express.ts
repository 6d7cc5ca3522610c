// The floor for http-auth: Express with one JSON handler and nothing else.
import express from 'express';

const app = express();
app.get('/bare', (_req, res) => {
  res.json({ user: { id: '00000000-0000-4000-8000-000000000000', username: 'bidder1', displayName: '王华建', role: 'BIDDER' } });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
