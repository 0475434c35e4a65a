import { walletItem, type Wallet } from './storage.ts';

/** Typed messages between the popup and the background (the only place that talks to the network). */
export type Request = { type: 'wallet:get' };
export type Response = { type: 'wallet'; wallet: Wallet };

function isRequest(message: unknown): message is Request {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'wallet:get';
}

export async function handleMessage(message: unknown): Promise<Response | undefined> {
  if (!isRequest(message)) return undefined;
  return { type: 'wallet', wallet: await walletItem.getValue() };
}

export async function send(request: Request): Promise<Response> {
  return (await browser.runtime.sendMessage(request)) as Response;
}
