import { describe, expect, it } from 'vitest';
import {
  clipLabel,
  labelIndexes,
  labelsThatFit,
  linearScale,
  linePath,
  niceStep,
  niceTicks,
  spreadLabels,
} from './scale.ts';

describe('chart scales', () => {
  it('maps a domain linearly, inverted ranges too (SVG y grows downwards)', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
  });

  it('picks 1-2-5 steps and round tops', () => {
    expect(niceStep(100)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(niceTicks(95)).toEqual([0, 50, 100]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(2)).toEqual([0, 1, 2]);
    expect(niceTicks(0.3, 3, false)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('labels a few evenly spaced points, first and last included', () => {
    expect(labelIndexes(3)).toEqual([0, 1, 2]);
    expect(labelIndexes(30, 4)).toEqual([0, 10, 19, 29]);
    expect(labelIndexes(0)).toEqual([]);
  });

  it('draws paths', () => {
    expect(
      linePath([
        [0, 10],
        [5, 2.25],
      ]),
    ).toBe('M0.0 10.0L5.0 2.3');
  });

  it('spreads direct labels that would overlap, keeping them in order and in bounds', () => {
    expect(spreadLabels([100, 100], 14, 10, 200)).toEqual([100, 114]);
    expect(spreadLabels([50, 150], 14, 10, 200)).toEqual([50, 150]);
    expect(spreadLabels([200, 200, 200], 14, 10, 200)).toEqual([172, 186, 200]);
    expect(spreadLabels([0], 14, 10, 200)).toEqual([10]);
  });

  it('clips long direct labels', () => {
    expect(clipLabel('Clicks')).toBe('Clicks');
    expect(clipLabel('Referred revenue (USD)', 16)).toBe('Referred revenu…');
  });

  it('fits fewer x labels on a narrow plot (a phone), never fewer than the first and last', () => {
    expect(labelsThatFit(804)).toBe(6); // a desktop chart's plot (1000 px less the axis and the names)
    expect(labelsThatFit(428)).toBe(5);
    expect(labelsThatFit(271)).toBe(3); // 343 px wide at 375, less the axis
    expect(labelsThatFit(100)).toBe(2);
    expect(labelsThatFit(2000)).toBe(6);
    expect(labelIndexes(30, labelsThatFit(271))).toEqual([0, 15, 29]);
  });
});
