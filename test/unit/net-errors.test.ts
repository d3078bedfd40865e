// Network failures on real sockets become words a person can act on, in both languages, with the
// technical reason kept as the detail.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../src-main/contract/messages/render.ts';
import { describeNetworkFailure } from '../../src-main/core/net-errors.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function failureOf(url: string, timeoutMs = 5_000) {
  try {
    await fetch(url, { method: 'POST', body: 'x', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return describeNetworkFailure(err, { gateway: 'FlashPay', host: new URL(url).host }, timeoutMs);
  }
  throw new Error('the request did not fail');
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return (server.address() as net.AddressInfo).port;
}

describe('network failures in plain words', () => {
  it('a host that does not exist', async () => {
    const f = await failureOf('http://no-such-host.invalid/trade');
    expect(f.message.code).toBe('net.host_not_found');
    expect(renderMessage(f.message, 'zh-TW')).toMatch(/^無法連線到 FlashPay（no-such-host\.invalid 找不到主機）/);
    expect(renderMessage(f.message, 'en')).toMatch(/^Cannot reach FlashPay \(no-such-host\.invalid: host not found\)/);
    expect(f.detail).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
  });

  it('a port nobody listens on', async () => {
    const server = net.createServer();
    const port = await listen(server);
    await new Promise<void>((r) => server.close(() => r()));
    closers.pop();
    const f = await failureOf(`http://127.0.0.1:${port}/`);
    expect(f.message.code).toBe('net.refused');
    expect(renderMessage(f.message, 'zh-TW')).toContain('拒絕連線');
    expect(f.detail).toBe('ECONNREFUSED');
  });

  it('a server that closes the connection without answering', async () => {
    const port = await listen(net.createServer((socket) => socket.destroy()));
    const f = await failureOf(`http://127.0.0.1:${port}/`);
    expect(f.message.code).toBe('net.reset');
    expect(renderMessage(f.message, 'zh-TW')).toContain('連線中途中斷');
    expect(f.detail).not.toBe('');
  });

  it('a server that never answers', async () => {
    const port = await listen(http.createServer(() => {}));
    const f = await failureOf(`http://127.0.0.1:${port}/`, 300);
    expect(f.message.code).toBe('net.timeout');
    expect(renderMessage(f.message, 'zh-TW')).toContain('秒內沒有回應');
  });

  it('https to a server that does not speak TLS', async () => {
    const port = await listen(http.createServer((_req, res) => res.end('plain')));
    const f = await failureOf(`https://127.0.0.1:${port}/`);
    expect(f.message.code).toBe('net.tls');
    expect(renderMessage(f.message, 'en')).toContain('secure connection');
  });
});
