import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * The rendered width (CSS px) of the element the returned ref is put on, measured before the
 * first paint and again on every resize. The charts draw in CSS pixels at that width (their
 * viewBox is the measured size) instead of scaling a fixed drawing down, which shrank 12 px text
 * to 6 px on a phone. Until measured: `fallback`, with the same fixed height, so nothing shifts.
 */
export function useWidth<E extends Element>(fallback: number) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.round(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
