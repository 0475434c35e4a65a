/**
 * CPU per response, side by side in one raw workerd process: the process's own CPU time (utime + stime of
 * /proc/<pid>/stat) over many thousand requests to one Worker, then the same number and shape of requests to
 * the other, alternating over rounds. Whatever the process does for those requests is counted (the
 * response, and the Worker's work after it: waitUntil, the outbox's queue send); what runs outside it (the
 * load generator, the queue's far end, the REST bridge and Redis) is not. Ticks are 10 ms, so a side's
 * figure is exact to 10 ms / requests (0.5 µs at 20,000 requests).
 */
import autocannon from 'autocannon';
import type { BenchStack } from './workerd-stack.ts';

export interface CpuSide {
  name: string;
  url: string;
  /** Each request's headers, made as it is sent (the same shape for every side). */
  headers(): Record<string, string>;
}

export interface CpuFigure {
  name: string;
  requests: number;
  /** Core-microseconds of the workerd process per response (median of the rounds). */
  microsPerResponse: number;
  rounds: number[];
}

/** The outbox lingers this long before its send; wait it out so the send is counted on its side. */
const AFTER_MS = 1500;

async function oneRun(stack: BenchStack, side: CpuSide, requests: number): Promise<number> {
  const before = await stack.cpuMicros();
  const result = await autocannon({
    url: side.url,
    connections: 16,
    amount: requests,
    requests: [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, ...side.headers() } }) }],
  });
  await new Promise((r) => setTimeout(r, AFTER_MS));
  await stack.settle();
  const responses = result.requests.total;
  return ((await stack.cpuMicros()) - before) / responses;
}

/** Rounds of `requests` per side, sides alternating (so slow drift hits each alike). */
export async function cpuPerResponse(
  stack: BenchStack,
  sides: CpuSide[],
  requests: number,
  rounds: number,
): Promise<CpuFigure[]> {
  const perSide = sides.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
    for (const i of order) perSide[i]!.push(await oneRun(stack, sides[i]!, requests));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return sides.map((side, i) => ({
    name: side.name,
    requests,
    microsPerResponse: median(perSide[i]!),
    rounds: perSide[i]!,
  }));
}
