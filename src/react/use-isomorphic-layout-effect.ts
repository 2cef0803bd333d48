/** `useLayoutEffect` in the browser, `useEffect` on the server (where React 18 warns about layout effects). */
import { useEffect, useLayoutEffect } from 'react';

export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;
